import pytest

from forum.boards.models import Board
from forum.threads.services import move_thread, set_thread_flags, set_thread_hidden, start_thread
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

    set_thread_hidden(thread=thread, hidden=True)

    board.refresh_from_db()
    assert (board.thread_count, board.post_count, board.last_post) == (0, 0, None)
    assert_counters_true()


def test_restoring_a_thread_puts_its_posts_back(board):
    thread = make_thread(posts=4, board=board)
    set_thread_hidden(thread=thread, hidden=True)

    set_thread_hidden(thread=thread, hidden=False)

    board.refresh_from_db()
    assert (board.thread_count, board.post_count) == (1, 4)
    assert_counters_true()


def test_moving_a_thread_moves_its_counts(board):
    thread = make_thread(posts=3, board=board)
    make_thread(posts=2, board=board)
    target = BoardFactory()

    move_thread(thread=thread, board=target)

    board.refresh_from_db()
    target.refresh_from_db()
    assert (board.thread_count, board.post_count) == (1, 2)
    assert (target.thread_count, target.post_count) == (1, 3)
    assert target.last_post == thread.last_post
    assert_counters_true()


def test_locking_and_pinning_set_the_flags(thread):
    set_thread_flags(thread=thread, is_locked=True, is_pinned=True)

    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned


def test_only_lock_and_pin_are_flags(thread):
    with pytest.raises(ValueError):
        set_thread_flags(thread=thread, is_hidden=True)

    assert Board.objects.get(pk=thread.board_id).thread_count == 1
