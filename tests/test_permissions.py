"""Who may write what: the rules in forum/permissions.py, role by role."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts.roles import Role
from forum import permissions
from forum.posts.services import hide_post
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
