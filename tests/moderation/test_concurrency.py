"""Moderation and promotion hold when requests arrive at once (PostgreSQL only, as in
tests/posts/test_writing_concurrency.py, whose ``run_at_once`` releases the workers together)."""

import pytest

from accounts.roles import Role
from forum.moderation.models import ModerationLog
from forum.posts.models import Post
from forum.posts.services import like_post, reply_to_thread
from forum.threads import services as thread_services
from tests.factories import BoardFactory, PostFactory, UserFactory
from tests.helpers import assert_counters_true, fix_all_counters, make_thread, run_at_once

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]


def test_replies_and_likes_crossing_the_thresholds_at_once_promote_once(settings, board):
    settings.FORUM_SENIOR_MIN_MESSAGES = 2
    settings.FORUM_SENIOR_MIN_LIKES = 2
    thread = make_thread(posts=2, board=board)
    member = UserFactory()
    liked = PostFactory(thread=thread, author=member)
    fix_all_counters()  # one message, no likes: a reply and two likes short
    likers = [UserFactory() for _ in range(3)]

    outcomes = run_at_once(
        *[lambda: reply_to_thread(thread=thread, author=member, body="Again") for _ in range(3)],
        *[lambda user=user: like_post(post=liked, user=user) for user in likers],
    )

    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    member.refresh_from_db()
    assert member.role == Role.SENIOR_MEMBER
    assert list(member.groups.values_list("name", flat=True)) == ["Senior members"]


def test_two_moderators_locking_at_once_lock_and_log_once(board):
    thread = make_thread(posts=2, board=board)
    first, second = UserFactory(role=Role.MODERATOR), UserFactory(role=Role.MODERATOR)

    outcomes = run_at_once(
        lambda: thread_services.lock_thread(thread=thread, by=first),
        lambda: thread_services.lock_thread(thread=thread, by=second),
    )

    assert sum(outcome is not None for outcome in outcomes) == 1
    assert ModerationLog.objects.count() == 1


def test_replies_during_a_merge_keep_positions_unique_and_counters_true(board):
    target = make_thread(posts=20, board=board)
    source = make_thread(posts=20, board=BoardFactory())
    moderator = UserFactory(role=Role.MODERATOR)
    writers = [UserFactory() for _ in range(4)]

    outcomes = run_at_once(
        lambda: thread_services.merge_threads(sources=[source], target=target, by=moderator),
        *[
            lambda user=user: reply_to_thread(thread=target, author=user, body="Meanwhile")
            for user in writers
        ],
    )

    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    positions = list(
        Post.objects.filter(thread=target).order_by("position").values_list("position", flat=True)
    )
    assert positions == list(range(1, 45))
    assert_counters_true()
