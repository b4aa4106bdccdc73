import pytest

from forum.posts.services import start_thread
from forum.threads.services import (
    hide_thread,
    lock_thread,
    move_thread,
    pin_thread,
    restore_thread,
)
from tests.conftest import make_thread
from tests.factories import BoardFactory
from tests.posts.test_services import assert_counters_true

pytestmark = pytest.mark.django_db


def test_starting_a_thread_makes_its_first_post(board, member):
    thread = start_thread(board=board, author=member, title="Hello, world", body="First!")

    assert thread.slug == "hello-world"
    assert [post.position for post in thread.posts.all()] == [1]
    assert thread.reply_count == 0
    assert_counters_true()


def test_starting_a_thread_counts_it_in_its_board(board, member):
    start_thread(board=board, author=member, title="Hello", body="First!")

    board.refresh_from_db()
    assert (board.thread_count, board.post_count) == (1, 1)


def test_hiding_a_thread_takes_its_posts_out_of_the_board(board):
    thread = make_thread(posts=4, board=board)

    hide_thread(thread=thread, by=thread.starter)

    board.refresh_from_db()
    assert (board.thread_count, board.post_count, board.last_post) == (0, 0, None)
    assert_counters_true()


def test_restoring_a_thread_puts_its_posts_back(board):
    thread = make_thread(posts=4, board=board)
    hide_thread(thread=thread, by=thread.starter)

    restore_thread(thread=thread, by=thread.starter)

    board.refresh_from_db()
    assert (board.thread_count, board.post_count) == (1, 4)
    assert_counters_true()


def test_moving_a_thread_moves_its_counts(board):
    thread = make_thread(posts=3, board=board)
    make_thread(posts=2, board=board)
    target = BoardFactory()

    move_thread(thread=thread, board=target, by=thread.starter)

    board.refresh_from_db()
    target.refresh_from_db()
    assert (board.thread_count, board.post_count) == (1, 2)
    assert (target.thread_count, target.post_count) == (1, 3)
    assert target.last_post == thread.last_post
    assert_counters_true()


def test_locking_and_pinning_set_the_flags(thread):
    lock_thread(thread=thread, by=thread.starter)
    pin_thread(thread=thread, by=thread.starter)

    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned
