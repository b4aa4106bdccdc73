from datetime import timedelta

import pytest
from django.utils import timezone

from forum.boards.models import Board
from forum.moderation.models import Action, ModerationLog
from forum.posts.services import start_thread
from forum.threads import services as thread_services
from forum.threads.models import Thread
from forum.threads.services import (
    hide_thread,
    lock_thread,
    move_thread,
    pin_thread,
    restore_thread,
)
from tests.factories import BoardFactory
from tests.helpers import assert_counters_true, make_thread

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


def only_entry():
    (entry,) = ModerationLog.objects.all()
    return entry


@pytest.mark.parametrize(
    ("service", "field", "value", "action"),
    [
        (thread_services.lock_thread, "is_locked", True, Action.LOCK_THREAD),
        (thread_services.pin_thread, "is_pinned", True, Action.PIN_THREAD),
        (thread_services.hide_thread, "is_hidden", True, Action.HIDE_THREAD),
    ],
)
def test_a_thread_action_changes_the_thread_and_logs_who_what_and_why(
    thread, moderator, service, field, value, action
):
    entry = service(thread=thread, by=moderator, reason="Off topic")

    thread.refresh_from_db()
    assert getattr(thread, field) is value
    assert entry == only_entry()
    assert (entry.actor, entry.action, entry.target, entry.reason) == (
        moderator,
        action,
        thread,
        "Off topic",
    )
    assert entry.target_repr == thread.title


@pytest.mark.parametrize(
    ("undo", "field", "action"),
    [
        (thread_services.unlock_thread, "is_locked", Action.UNLOCK_THREAD),
        (thread_services.unpin_thread, "is_pinned", Action.UNPIN_THREAD),
        (thread_services.restore_thread, "is_hidden", Action.RESTORE_THREAD),
    ],
)
def test_undoing_a_thread_action_is_logged_too(board, moderator, undo, field, action):
    thread = make_thread(posts=3, board=board, **{field: True})

    entry = undo(thread=thread, by=moderator)

    thread.refresh_from_db()
    assert getattr(thread, field) is False
    assert entry.action == action


def test_repeating_an_action_changes_and_logs_nothing(thread, moderator):
    thread_services.lock_thread(thread=thread, by=moderator)
    version = Thread.objects.get(pk=thread.pk).version

    assert thread_services.lock_thread(thread=thread, by=moderator) is None

    assert ModerationLog.objects.count() == 1
    assert Thread.objects.get(pk=thread.pk).version == version


def test_locking_raises_the_thread_and_board_versions_for_the_page_cache(thread, moderator):
    thread_version, board_version = thread.version, thread.board.version

    thread_services.lock_thread(thread=thread, by=moderator)

    thread.refresh_from_db()
    thread.board.refresh_from_db()
    assert thread.version > thread_version
    assert thread.board.version > board_version


def test_hiding_and_restoring_a_thread_keeps_every_counter_true(thread, moderator):
    thread_services.hide_thread(thread=thread, by=moderator)
    assert_counters_true()
    assert Board.objects.get(pk=thread.board_id).thread_count == 0

    thread_services.restore_thread(thread=thread, by=moderator)
    assert_counters_true()
    assert Board.objects.get(pk=thread.board_id).thread_count == 1


def test_moving_a_thread_logs_both_boards_and_keeps_counters_true(thread, moderator):
    old_board = thread.board
    new_board = BoardFactory(name="Elsewhere")

    entry = thread_services.move_thread(
        thread=thread, board=new_board, by=moderator, reason="Wrong board"
    )

    thread.refresh_from_db()
    assert thread.board == new_board
    assert entry.action == Action.MOVE_THREAD
    assert entry.details == {
        "from_board": {"id": old_board.pk, "name": old_board.name},
        "to_board": {"id": new_board.pk, "name": "Elsewhere"},
    }
    assert entry.reason == "Wrong board"
    assert_counters_true()


def test_moving_a_thread_to_its_own_board_does_nothing(thread, moderator):
    assert thread_services.move_thread(thread=thread, board=thread.board, by=moderator) is None
    assert not ModerationLog.objects.exists()


def test_renaming_a_thread_changes_its_slug_and_logs_the_old_title(thread, moderator):
    old_title = thread.title

    entry = thread_services.rename_thread(thread=thread, title="A better title", by=moderator)

    thread.refresh_from_db()
    assert (thread.title, thread.slug) == ("A better title", "a-better-title")
    assert entry.details == {"old_title": old_title, "new_title": "A better title"}


def test_hiding_a_thread_keeps_who_hid_it_when_and_why(thread, moderator):
    hide_thread(thread=thread, by=moderator, reason="Off topic")

    thread.refresh_from_db()
    assert (thread.hidden_by, thread.hidden_reason) == (moderator, "Off topic")
    assert timezone.now() - thread.hidden_at < timedelta(minutes=1)


def test_restoring_a_thread_forgets_who_hid_it(thread, moderator):
    hide_thread(thread=thread, by=moderator, reason="Off topic")

    restore_thread(thread=thread, by=moderator)

    thread.refresh_from_db()
    assert (thread.hidden_by, thread.hidden_at, thread.hidden_reason) == (None, None, "")
