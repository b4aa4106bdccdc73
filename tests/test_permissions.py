"""Who may read and write what: the rules in forum/permissions.py, role by role."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.roles import Role
from forum import permissions
from forum.posts.services import edit_post, hide_post
from forum.threads.services import (
    hide_thread,
    lock_thread,
)
from tests.factories import UserFactory
from tests.helpers import fix_all_counters, make_thread

pytestmark = pytest.mark.django_db

WHO = ["anonymous", "author", "other", "senior", "moderator", "banned_author"]


@pytest.fixture
def people(db):
    author = UserFactory(username="author")
    return {
        "anonymous": AnonymousUser(),
        "author": author,
        "other": UserFactory(username="other"),
        "senior": UserFactory(username="senior", role=Role.SENIOR_MEMBER),
        "moderator": UserFactory(username="moderator", role=Role.MODERATOR),
        "banned_author": author,
    }


@pytest.fixture
def scene(board, people):
    """A thread whose second post is by ``author``; banning happens per case."""
    thread = make_thread(posts=3, board=board)
    reply = thread.posts.get(position=2)
    reply.author = people["author"]
    reply.save()
    fix_all_counters()
    return thread, reply


def person(people, who):
    user = people[who]
    if who == "banned_author":
        user.is_banned = True
        user.ban_reason = "Rude."
        user.save()
    return user


def expect(table, who):
    return who in table


@pytest.mark.parametrize("who", WHO)
def test_who_may_start_a_thread(people, board, who):
    allowed = {"author", "other", "senior", "moderator"}
    user = person(people, who)

    assert permissions.can_start_thread(user, board) is expect(allowed, who)


@pytest.mark.parametrize("who", WHO)
def test_who_may_reply_to_an_open_thread(people, scene, who):
    thread, _ = scene
    allowed = {"author", "other", "senior", "moderator"}

    assert permissions.can_reply(person(people, who), thread) is expect(allowed, who)


@pytest.mark.parametrize("who", WHO)
def test_who_may_reply_to_a_locked_thread(people, scene, who):
    thread, _ = scene
    lock_thread(thread=thread, by=thread.starter)
    thread.refresh_from_db()

    assert permissions.can_reply(person(people, who), thread) is (who == "moderator")


@pytest.mark.parametrize("who", WHO)
def test_nobody_replies_to_a_hidden_thread(people, scene, who):
    thread, _ = scene
    hide_thread(thread=thread, by=thread.starter)
    thread.refresh_from_db()

    assert permissions.can_reply(person(people, who), thread) is False


@pytest.mark.parametrize("who", WHO)
def test_who_may_edit_a_members_post(people, scene, who):
    _, reply = scene
    allowed = {"author", "moderator"}

    assert permissions.can_edit_post(person(people, who), reply) is expect(allowed, who)


@pytest.mark.parametrize("who", WHO)
def test_who_may_edit_a_post_in_a_locked_thread(people, scene, who):
    thread, reply = scene
    lock_thread(thread=thread, by=thread.starter)
    thread.refresh_from_db()
    reply.thread = thread

    assert permissions.can_edit_post(person(people, who), reply) is (who == "moderator")


@pytest.mark.parametrize("who", WHO)
def test_nobody_edits_a_hidden_post(people, scene, who):
    _, reply = scene
    hide_post(post=reply, by=reply.author)
    reply.refresh_from_db()

    assert permissions.can_edit_post(person(people, who), reply) is False


@pytest.mark.parametrize("who", WHO)
def test_who_may_hide_a_members_reply(people, scene, who):
    _, reply = scene
    allowed = {"author", "moderator"}

    assert permissions.can_hide_post(person(people, who), reply) is expect(allowed, who)


@pytest.mark.parametrize("who", WHO)
def test_nobody_hides_a_first_post_alone(people, scene, who):
    thread, _ = scene
    first = thread.posts.get(position=1)
    first.author = people["author"]
    first.save()

    assert permissions.can_hide_post(person(people, who), first) is False


@pytest.mark.parametrize("who", WHO)
def test_who_may_like_a_members_post(people, scene, who):
    _, reply = scene
    allowed = {"other", "senior", "moderator"}

    assert permissions.can_like_post(person(people, who), reply) is expect(allowed, who)


@pytest.mark.parametrize("who", WHO)
def test_nobody_likes_a_hidden_post(people, scene, who):
    _, reply = scene
    hide_post(post=reply, by=reply.author)
    reply.refresh_from_db()

    assert permissions.can_like_post(person(people, who), reply) is False


@pytest.mark.parametrize("who", WHO)
def test_who_may_see_a_posts_earlier_versions(people, scene, who):
    _, reply = scene

    assert permissions.can_view_post_history(person(people, who), reply) is (who == "moderator")


def test_a_ban_that_has_ended_no_longer_stops_a_member(people, scene):
    thread, _ = scene
    user = people["other"]
    user.is_banned = True
    user.banned_until = timezone.now() - timedelta(minutes=1)

    assert permissions.can_reply(user, thread)


def test_a_banned_member_is_told_why_and_until_when(people):
    user = people["other"]
    user.is_banned = True
    user.ban_reason = "Posting spam."
    user.banned_until = timezone.now() + timedelta(days=3)

    reason = permissions.why_cannot_participate(user)

    assert "banned until" in reason
    assert "Posting spam." in reason


def test_a_locked_thread_tells_members_why_they_cannot_reply(people, scene):
    thread, _ = scene
    lock_thread(thread=thread, by=thread.starter)
    thread.refresh_from_db()

    assert permissions.why_cannot_reply(people["other"], thread) == (
        "This thread is locked: it takes no new replies."
    )


def test_the_moderator_role_carries_the_history_and_flood_permissions(people):
    moderator = people["moderator"]

    assert moderator.has_perm("posts.view_post_history")
    assert moderator.has_perm("posts.bypass_flood_check")
    assert not people["senior"].has_perm("posts.view_post_history")


# ---- A ban takes every moderator power at once: reading what is hidden as much as acting.

STAFF = [Role.MODERATOR, Role.ADMINISTRATOR]


@pytest.fixture
def hidden_scene(board):
    """A hidden thread, and an open one whose edited second post is hidden."""
    hidden_thread = make_thread(posts=2, board=board, is_hidden=True)
    thread = make_thread(posts=3, board=board)
    post = thread.posts.get(position=2)
    edit_post(post=post, by=post.author, body="Second thoughts.", expected_revision=1)
    post.refresh_from_db()
    post.is_hidden = True
    post.save(update_fields=["is_hidden"])
    return hidden_thread, thread, post


@pytest.mark.parametrize("role", STAFF)
def test_staff_read_what_is_hidden_and_earlier_versions(hidden_scene, role):
    hidden_thread, thread, post = hidden_scene
    user = UserFactory(role=role)

    assert permissions.can_view_hidden(user)
    assert permissions.can_view_thread(user, hidden_thread)
    assert permissions.can_view_post(user, post)
    assert permissions.can_view_history_in_thread(user, thread)
    assert permissions.can_view_post_history(user, post)


@pytest.mark.parametrize("role", STAFF)
def test_banned_staff_read_nothing_hidden_nor_earlier_versions(hidden_scene, role):
    hidden_thread, thread, post = hidden_scene
    user = UserFactory(role=role, banned=True)

    assert not permissions.can_view_hidden(user)
    assert not permissions.can_view_thread(user, hidden_thread)
    assert not permissions.can_view_post(user, post)
    assert not permissions.can_view_history_in_thread(user, thread)
    assert not permissions.can_view_post_history(user, post)


@pytest.mark.parametrize("role", STAFF)
def test_deactivated_staff_read_nothing_hidden(hidden_scene, role):
    hidden_thread, _, _ = hidden_scene
    user = UserFactory(role=role, is_active=False)

    assert not permissions.can_view_hidden(user)
    assert not permissions.can_view_thread(user, hidden_thread)


def test_a_banned_moderators_page_rules_offer_no_history(hidden_scene):
    _, thread, _ = hidden_scene
    user = UserFactory(role=Role.MODERATOR, banned=True)
    rules = permissions.PostRules(user, thread)
    shown = thread.posts.get(position=3)
    shown.edited_at = shown.created_at
    shown.thread = thread

    assert rules.for_post(shown) == permissions.NO_ACTIONS


def test_a_banned_moderator_gets_404_for_a_hidden_thread(client, hidden_scene):
    hidden_thread, _, _ = hidden_scene
    client.force_login(UserFactory(role=Role.MODERATOR, banned=True))

    assert client.get(hidden_thread.get_absolute_url()).status_code == 404


def test_a_banned_moderators_board_page_lists_no_hidden_thread(client, board, hidden_scene):
    hidden_thread, thread, _ = hidden_scene
    client.force_login(UserFactory(role=Role.MODERATOR, banned=True))

    html = client.get(board.get_absolute_url()).content.decode()
    assert thread.title in html
    assert hidden_thread.title not in html


def test_a_banned_moderators_thread_page_drops_hidden_posts_and_history_links(client, hidden_scene):
    _, thread, post = hidden_scene
    client.force_login(UserFactory(role=Role.MODERATOR, banned=True))

    html = client.get(thread.get_absolute_url()).content.decode()
    assert f'id="post-{post.position}"' not in html
    assert "/history/" not in html


def test_a_banned_moderator_cannot_open_a_post_history(client, hidden_scene):
    _, thread, _ = hidden_scene
    edited = thread.posts.get(position=3)
    edit_post(post=edited, by=edited.author, body="Changed my mind.", expected_revision=1)
    client.force_login(UserFactory(role=Role.MODERATOR, banned=True))

    assert client.get(f"/posts/{edited.pk}/history/").status_code == 403


def test_a_banned_moderator_is_refused_by_the_admin(client):
    client.force_login(UserFactory(role=Role.MODERATOR, banned=True))

    assert client.get("/admin/threads/thread/").status_code in (302, 403)
