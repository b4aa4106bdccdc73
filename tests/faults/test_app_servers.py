"""Two app servers on one PostgreSQL and one Redis behave as one site."""

import pytest

from accounts.roles import Role
from forum.posts.models import Post
from tests.factories import UserFactory
from tests.faults.processes import Browser, token
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"


@pytest.fixture
def thread(transactional_db):
    return make_thread(posts=3)


@pytest.fixture
def walker(settings):
    # The servers check passwords with Django's real hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    return UserFactory(username="walker")


def test_a_member_logged_in_on_one_server_is_logged_in_on_the_other(app_servers, walker):
    one, other = app_servers(2)
    browser = Browser()
    answer = browser.post(one, "/accounts/login/", {"login": "walker", "password": PASSWORD})
    assert answer.status == 302, answer
    page = browser.get(other, "/")
    assert page.status == 200
    assert "Log out" in page.text and "walker" in page.text


def test_a_reply_through_one_server_shows_at_once_on_a_page_the_other_cached(app_servers, thread):
    one, other = app_servers(2)
    visitor = Browser.anonymous()
    before = visitor.get(other, thread.get_absolute_url())
    assert before.status == 200
    assert visitor.get(other, thread.get_absolute_url()).text == before.text  # from the cache
    member = Browser.logged_in(UserFactory())
    body = "A reply written through the first server."
    answer = member.post(one, f"/threads/{thread.pk}/reply/", {"body": body, "token": token()})
    assert answer.status == 302, answer
    assert body in visitor.get(other, thread.get_absolute_url()).text


def test_wrong_passwords_are_counted_across_both_servers(app_servers, walker):
    servers = app_servers(2)
    browser = Browser()
    wrong = {"login": "walker", "password": "not the password"}
    for attempt in range(5):  # the per account and address limit: 5 in 5 minutes
        answer = browser.post(servers[attempt % 2], "/accounts/login/", wrong)
        assert "Too many wrong passwords" not in answer.text
    refused = browser.post(
        servers[1], "/accounts/login/", {"login": "walker", "password": PASSWORD}
    )
    assert refused.status == 200
    assert "Too many wrong passwords" in refused.text


def test_flood_control_holds_across_both_servers(app_servers, thread):
    one, other = app_servers(2, FORUM_FLOOD_INTERVAL=60)
    member = Browser.logged_in(UserFactory())
    reply = f"/threads/{thread.pk}/reply/"
    assert member.post(one, reply, {"body": "First.", "token": token()}).status == 302
    refused = member.post(other, reply, {"body": "Second, too soon.", "token": token()})
    assert refused.status == 200
    assert "Second, too soon." in refused.text  # kept in the box, with the wait beside it
    assert Post.objects.filter(body="Second, too soon.").count() == 0


def test_the_edit_limit_counts_edits_on_both_servers(app_servers, thread):
    servers = app_servers(2, FORUM_EDIT_RATE="2/60")
    moderator = UserFactory(role=Role.MODERATOR)  # no flood wait between edits
    post = thread.posts.order_by("position").last()
    post.author = moderator
    post.save(update_fields=["author"])
    browser = Browser.logged_in(moderator)
    for number in range(2):
        post.refresh_from_db()
        edit = {"body": f"Edit {number}.", "revision": post.revision}
        assert browser.post(servers[number], f"/posts/{post.pk}/edit/", edit).status == 302
    post.refresh_from_db()
    third = browser.post(
        servers[0], f"/posts/{post.pk}/edit/", {"body": "Edit 2.", "revision": post.revision}
    )
    assert third.status == 200
    assert "editing too often" in third.text


def test_a_lock_through_one_server_refuses_a_reply_through_the_other(app_servers, thread):
    one, other = app_servers(2)
    moderator = Browser.logged_in(UserFactory(role=Role.MODERATOR))
    assert moderator.post(one, f"/threads/{thread.pk}/moderate/lock/").status == 302
    member = Browser.logged_in(UserFactory())
    body = "A reply to a locked thread."
    answer = member.post(other, f"/threads/{thread.pk}/reply/", {"body": body, "token": token()})
    assert answer.status == 200
    assert "locked" in answer.text.lower()
    assert not Post.objects.filter(body=body).exists()
