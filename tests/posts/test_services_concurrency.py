"""Counters and positions stay exact when many members write at the same moment.

Each worker is a Python thread with its own database connection and real transactions, all
released together by a barrier, so the services' row locks and F() updates are what keep the
numbers right. SQLite takes one writer at a time, so there is no race to test there: these
tests skip on it locally, and fail in CI, which must run them on PostgreSQL (the ``postgresql``
marker of tests/conftest.py).
"""

import random
import uuid

import pytest

from forum.posts import counters
from forum.posts.models import Like, Post, PostRevision
from forum.posts.services import (
    EditConflict,
    FloodControl,
    edit_post,
    hide_post,
    like_post,
    reply_to_thread,
    restore_post,
    start_thread,
    unlike_post,
)
from forum.threads.models import Thread
from forum.threads.services import hide_thread, restore_thread
from tests.factories import BoardFactory, UserFactory
from tests.helpers import errors_of, fixes_recount_would_make, make_thread, run_at_once

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]

WORKERS = 8


def run_together(*jobs):
    """Run each job at the same instant (``run_at_once``); return their errors as text."""
    return errors_of(run_at_once(*jobs))


def assert_positions_gap_free(thread):
    positions = list(thread.posts.order_by("position").values_list("position", flat=True))
    thread.refresh_from_db()
    assert positions == list(range(1, len(positions) + 1))
    assert thread.last_position == len(positions)


def test_simultaneous_likes_and_unlikes_leave_every_counter_true():
    members = [UserFactory() for _ in range(WORKERS)]
    boards = [BoardFactory(), BoardFactory()]
    threads = [make_thread(posts=4, board=board) for board in boards for _ in range(2)]
    posts = list(Post.objects.filter(thread__in=threads))

    def likes_and_unlikes(member, seed):
        def job():
            order = random.Random(seed).sample(posts, len(posts))
            for post in order:
                like_post(post=post, user=member)
            for post in order[::3]:
                unlike_post(post=post, user=member)
            for post in order[::6]:
                like_post(post=post, user=member)

        return job

    errors = run_together(*(likes_and_unlikes(m, n) for n, m in enumerate(members)))

    assert errors == []
    assert fixes_recount_would_make() == {}
    assert Like.objects.count() == sum(post.like_count for post in Post.objects.all())


def test_the_same_like_clicked_twice_at_once_counts_once():
    thread = make_thread(posts=2)
    post = thread.posts.get(position=2)
    member = UserFactory()
    results = []

    errors = run_together(
        *(lambda: results.append(like_post(post=post, user=member)) for _ in range(WORKERS))
    )

    post.refresh_from_db()
    assert errors == []
    assert sorted(results) == [False] * (WORKERS - 1) + [True]
    assert post.like_count == 1
    assert fixes_recount_would_make() == {}


def test_simultaneous_replies_get_unique_gap_free_positions():
    boards = [BoardFactory(), BoardFactory()]
    threads = [make_thread(posts=1, board=boards[0]) for _ in range(2)]
    threads.append(make_thread(posts=1, board=boards[1]))
    members = [UserFactory() for _ in range(WORKERS)]

    def replies(member, seed):
        def job():
            for thread in random.Random(seed).choices(threads, k=6):
                reply_to_thread(thread=thread, author=member, body=f"From {member} @{member}")

        return job

    errors = run_together(*(replies(m, n) for n, m in enumerate(members)))

    assert errors == []
    assert Post.objects.count() == 3 + WORKERS * 6
    for thread in threads:
        assert_positions_gap_free(thread)
    assert fixes_recount_would_make() == {}


def test_authors_replying_while_their_posts_are_liked_neither_deadlock_nor_miscount():
    # The pattern that deadlocks when a like takes the author's row before the thread's:
    # the author replies in the thread (thread, then author) while others like their posts.
    members = [UserFactory() for _ in range(4)]
    thread = make_thread(posts=1)
    other = make_thread(posts=1, board=thread.board)
    for member in members:
        reply_to_thread(thread=thread, author=member, body="first")
        reply_to_thread(thread=other, author=member, body="first")
    posts = list(Post.objects.exclude(author__in=[thread.starter, other.starter]))

    def author_replies(member):
        def job():
            for n in range(6):
                reply_to_thread(thread=(thread, other)[n % 2], author=member, body=f"more {n}")

        return job

    def liker(member, seed):
        def job():
            for post in random.Random(seed).sample(posts, len(posts)):
                if post.author_id != member.pk:
                    like_post(post=post, user=member)
                    unlike_post(post=post, user=member)
                    like_post(post=post, user=member)

        return job

    errors = run_together(
        *(author_replies(m) for m in members), *(liker(m, n) for n, m in enumerate(members))
    )

    assert errors == []
    assert_positions_gap_free(thread)
    assert_positions_gap_free(other)
    assert fixes_recount_would_make() == {}


def test_hiding_and_restoring_while_replies_arrive_keeps_counters_true():
    board = BoardFactory()
    thread = make_thread(posts=6, board=board)
    other = make_thread(posts=3, board=board)
    members = [UserFactory() for _ in range(4)]
    replies_to_hide = list(thread.posts.filter(position__gt=1))

    def replies(member):
        def job():
            for n in range(5):
                reply_to_thread(thread=(thread, other)[n % 2], author=member, body=f"reply {n}")

        return job

    def hides_posts(seed):
        def job():
            rng = random.Random(seed)
            for _ in range(8):
                post = rng.choice(replies_to_hide)
                (hide_post if rng.random() < 0.5 else restore_post)(post=post, by=post.author)

        return job

    def hides_and_restores_threads():
        for _ in range(3):
            for hidden in (True, False):
                (hide_thread if hidden else restore_thread)(thread=thread, by=thread.starter)
                (hide_thread if hidden else restore_thread)(thread=other, by=other.starter)

    errors = run_together(
        *(replies(m) for m in members), hides_posts(1), hides_posts(2), hides_and_restores_threads
    )

    assert errors == []
    for each in (thread, other):
        assert_positions_gap_free(each)
    assert Thread.objects.filter(is_hidden=True).count() == 0
    assert fixes_recount_would_make() == {}


def test_recount_running_beside_likes_and_replies_leaves_every_counter_true():
    members = [UserFactory() for _ in range(6)]
    threads = [make_thread(posts=5) for _ in range(3)]
    posts = list(Post.objects.filter(thread__in=threads))
    Post.objects.update(like_count=7)
    Thread.objects.update(reply_count=0)

    def likes(member, seed):
        def job():
            for post in random.Random(seed).sample(posts, len(posts)):
                like_post(post=post, user=member)

        return job

    def replies(member):
        def job():
            for thread in threads * 2:
                reply_to_thread(thread=thread, author=member, body="meanwhile")

        return job

    def recounts():
        for model in counters.TRUTHS:
            counters.recount(model, batch_size=4)

    errors = run_together(
        *(likes(m, n) for n, m in enumerate(members[:3])),
        *(replies(m) for m in members[3:]),
        recounts,
    )

    assert errors == []
    assert fixes_recount_would_make() == {}


def test_one_form_sent_four_times_at_once_makes_one_post(board):
    thread = make_thread(posts=2, board=board)
    member = UserFactory()
    token = uuid.uuid4()

    def send():
        return reply_to_thread(
            thread=thread, author=member, body="Clicked four times.", token=token
        ).pk

    outcomes = run_at_once(send, send, send, send)

    assert Post.objects.filter(author=member).count() == 1
    assert len(set(outcomes)) == 1


def test_one_new_thread_form_sent_twice_at_once_makes_one_thread(board):
    member = UserFactory()
    token = uuid.uuid4()

    def send():
        return start_thread(
            board=board, author=member, title="Once", body="Only once.", token=token
        ).pk

    outcomes = run_at_once(send, send)

    assert Thread.objects.filter(board=board).count() == 1
    assert outcomes[0] == outcomes[1]


def test_two_posts_at_once_in_two_boards_are_held_by_flood_control(settings):
    settings.FORUM_FLOOD_INTERVAL = 60
    # Two boards, so that no thread or board lock orders the two: only the member's does.
    one, two = (
        make_thread(posts=1, board=BoardFactory()),
        make_thread(posts=1, board=BoardFactory()),
    )
    member = UserFactory()

    outcomes = run_at_once(
        lambda: reply_to_thread(thread=one, author=member, body="Here.", check_flood=True),
        lambda: reply_to_thread(thread=two, author=member, body="There.", check_flood=True),
    )

    assert sum(isinstance(outcome, Post) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, FloodControl) for outcome in outcomes) == 1
    assert Post.objects.filter(author=member).count() == 1


def test_two_edits_from_the_same_version_at_once_keep_one_and_refuse_the_other(board):
    thread = make_thread(posts=2, board=board)
    post = thread.posts.get(position=2)
    moderator_like = UserFactory()

    outcomes = run_at_once(
        lambda: edit_post(post=post, by=post.author, body="Author's.", expected_revision=1),
        lambda: edit_post(post=post, by=moderator_like, body="Other's.", expected_revision=1),
    )

    assert sum(isinstance(outcome, EditConflict) for outcome in outcomes) == 1
    post.refresh_from_db()
    assert post.revision == 2
    assert post.body in {"Author's.", "Other's."}
    assert PostRevision.objects.filter(post=post).count() == 1
