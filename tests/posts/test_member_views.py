"""The account's "Delete your account" page."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from forum.moderation.models import Action, ModerationLog
from forum.posts.members import DELETED_MEMBER_NAME
from forum.posts.models import Post
from forum.posts.services import reply_to_thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DELETE = reverse("posts:account_delete")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def writer(thread):
    writer = UserFactory(username="writer")
    reply_to_thread(thread=thread, author=writer, body="My *own* words.")
    return writer


@pytest.fixture
def own(client, writer):
    """The writer's own browser."""
    client.force_login(writer)
    return client


def test_visitors_are_sent_to_log_in(client):
    response = client.get(DELETE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_wrong_password_deletes_nothing_and_says_so(own, writer):
    response = own.post(DELETE, {"password": "not it"})

    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=writer.pk).exists()


def test_the_right_password_deletes_the_account_and_logs_out(own, writer):
    response = own.post(DELETE, {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(username="writer").exists()
    assert Post.objects.get(body="My *own* words.").author.username == DELETED_MEMBER_NAME
    assert "_auth_user_id" not in own.session


def test_password_guesses_to_delete_an_account_are_limited(own, writer):
    for _ in range(5):
        own.post(DELETE, {"password": "guess"})

    response = own.post(DELETE, {"password": PASSWORD})

    assert "Too many attempts" in response.content.decode()
    assert User.objects.filter(pk=writer.pk).exists()


# The admin's "Delete account" (administrators only).

MEMBERS = reverse("admin:accounts_user_changelist")


def delete_from_admin(client, *members, **extra):
    return client.post(
        MEMBERS,
        {"action": "delete_accounts", "_selected_action": [m.pk for m in members], **extra},
    )


def test_an_administrator_deletes_an_account_from_the_admin_logged(admin_client, writer):
    delete_from_admin(admin_client, writer, apply="yes", reason="Asked by mail")

    assert not User.objects.filter(username="writer").exists()
    entry = ModerationLog.objects.get(action=Action.DELETE_MEMBER)
    assert (entry.target_repr, entry.reason) == ("writer", "Asked by mail")


def test_the_admin_asks_first(admin_client, writer):
    response = delete_from_admin(admin_client, writer)

    assert response.templates[0].name == "admin/moderation/delete_accounts.html"
    assert User.objects.filter(pk=writer.pk).exists()


def test_moderators_are_not_offered_account_deletion(mod_client, writer):
    delete_from_admin(mod_client, writer, apply="yes")

    assert User.objects.filter(pk=writer.pk).exists()


def test_an_administrator_cannot_delete_a_fellow_administrators_account(admin_client, db):
    colleague = UserFactory(username="colleague", role=Role.ADMINISTRATOR)

    delete_from_admin(admin_client, colleague, apply="yes")

    assert User.objects.filter(pk=colleague.pk).exists()
