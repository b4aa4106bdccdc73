"""The writing rules hold when requests arrive at once, as from several app servers.

Each worker is a thread with its own database connection and transaction; a barrier releases
them together. PostgreSQL only: SQLite runs one writer at a time, so nothing races there.
"""

import threading
import uuid

import pytest
from django.conf import settings
from django.db import connection

from forum.posts.models import Post, PostRevision
from forum.posts.services import (
    EditConflict,
    FloodControl,
    edit_post,
    reply_to_thread,
    start_thread,
)
from forum.threads.models import Thread
from tests.conftest import make_thread
from tests.factories import BoardFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="concurrent transactions need PostgreSQL",
    ),
]


def run_at_once(*calls):
    """Run each call in its own thread and transaction, all released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def work(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # the outcome under test, returned to the test
            outcomes[index] = error
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=item) for item in enumerate(calls)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outcomes


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
