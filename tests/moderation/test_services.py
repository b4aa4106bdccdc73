from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from accounts.roles import Role
from forum.boards.models import Board
from forum.moderation import services
from forum.moderation.models import Action, ModerationLog, Report
from forum.posts import services as post_services
from forum.posts.models import Post
from forum.threads import services as thread_services
from forum.threads.models import Thread
from tests.conftest import make_thread
from tests.factories import BoardFactory, UserFactory
from tests.posts.test_services import assert_counters_true

pytestmark = pytest.mark.django_db


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


def test_hiding_and_restoring_a_post_keeps_every_counter_true(thread, moderator):
    reply = thread.posts.get(position=3)

    post_services.hide_post(post=reply, by=moderator, reason="Insult")
    entry = ModerationLog.objects.get()

    reply.refresh_from_db()
    assert reply.is_hidden
    assert (entry.action, entry.target, entry.reason) == (Action.HIDE_POST, reply, "Insult")
    assert entry.target_repr == f"Post #3 in “{thread.title}”"
    assert_counters_true()

    post_services.restore_post(post=reply, by=moderator)

    reply.refresh_from_db()
    assert not reply.is_hidden
    assert ModerationLog.objects.first().action == Action.RESTORE_POST
    assert_counters_true()


def test_renaming_a_thread_changes_its_slug_and_logs_the_old_title(thread, moderator):
    old_title = thread.title

    entry = thread_services.rename_thread(thread=thread, title="A better title", by=moderator)

    thread.refresh_from_db()
    assert (thread.title, thread.slug) == ("A better title", "a-better-title")
    assert entry.details == {"old_title": old_title, "new_title": "A better title"}


def test_banning_a_member_records_the_reason_and_end(member, moderator):
    until = timezone.now() + timedelta(days=7)

    entry = account_services.ban_member(member=member, by=moderator, reason="Spam", until=until)

    member.refresh_from_db()
    assert member.is_currently_banned
    assert (member.ban_reason, member.banned_until) == ("Spam", until)
    assert (entry.action, entry.target, entry.reason) == (Action.BAN_MEMBER, member, "Spam")
    assert entry.details == {"until": until.isoformat()}


def test_lifting_a_ban_clears_it_and_logs_what_it_was(member, moderator):
    account_services.ban_member(member=member, by=moderator, reason="Spam")

    entry = account_services.lift_ban(member=member, by=moderator, reason="Appealed")

    member.refresh_from_db()
    assert (member.is_banned, member.ban_reason, member.banned_until) == (False, "", None)
    assert entry.action == Action.LIFT_BAN
    assert entry.details == {"ban_reason": "Spam"}


def test_changing_a_title_logs_the_old_and_new_titles(member, moderator):
    entry = account_services.change_member_title(member=member, title="Night owl", by=moderator)

    member.refresh_from_db()
    assert member.title == "Night owl"
    assert entry.details == {"old_title": "", "new_title": "Night owl"}


def test_changing_a_role_goes_through_set_member_role(member, administrator):
    account_services.set_member_role(user=member, role=Role.MODERATOR, by=administrator)
    entry = ModerationLog.objects.get()

    member.refresh_from_db()
    assert (member.role, member.is_staff) == (Role.MODERATOR, True)
    assert list(member.groups.values_list("name", flat=True)) == ["Moderators"]
    assert entry.details == {"old_role": "member", "new_role": "moderator"}


def test_a_member_reports_a_post_once_while_the_report_is_open(thread, member):
    post = thread.posts.get(position=2)

    first = services.report_post(post=post, reporter=member, reason="Spam link")
    again = services.report_post(post=post, reporter=member, reason="Still spam")

    assert first is not None and again is None
    assert Report.objects.get().reason == "Spam link"


def test_closing_a_report_records_the_outcome_and_logs_it(thread, member, moderator):
    report = services.report_post(post=thread.posts.get(position=2), reporter=member, reason="Spam")

    entry = services.close_report(
        report=report,
        by=moderator,
        outcome=Report.Outcome.ACTION_TAKEN,
        note="Post hidden",
    )

    report.refresh_from_db()
    assert not report.is_open
    assert (report.closed_by, report.outcome, report.outcome_note) == (
        moderator,
        Report.Outcome.ACTION_TAKEN,
        "Post hidden",
    )
    assert (entry.action, entry.target, entry.reason) == (
        Action.CLOSE_REPORT,
        report,
        "Post hidden",
    )


def test_a_closed_report_cannot_be_closed_again(thread, member, moderator):
    report = services.report_post(post=thread.posts.get(position=2), reporter=member, reason="Spam")
    services.close_report(report=report, by=moderator, outcome=Report.Outcome.NO_ACTION)

    again = services.close_report(report=report, by=moderator, outcome=Report.Outcome.ACTION_TAKEN)

    assert again is None
    assert Report.objects.get().outcome == Report.Outcome.NO_ACTION


def test_after_a_report_is_closed_the_member_may_report_the_post_again(thread, member, moderator):
    post = thread.posts.get(position=2)
    report = services.report_post(post=post, reporter=member, reason="Spam")
    services.close_report(report=report, by=moderator, outcome=Report.Outcome.NO_ACTION)

    assert services.report_post(post=post, reporter=member, reason="It is back") is not None


def test_log_entries_outlive_their_target_and_keep_its_name(board, moderator):
    thread = make_thread(posts=2, board=board, title="Soon gone")
    thread_services.lock_thread(thread=thread, by=moderator)
    Thread.objects.filter(pk=thread.pk).delete()

    entry = only_entry()
    assert entry.target is None
    assert str(entry) == "Locked thread: Soon gone"


def test_a_targets_history_reads_newest_first(thread, moderator):
    thread_services.lock_thread(thread=thread, by=moderator)
    thread_services.pin_thread(thread=thread, by=moderator)
    thread_services.unlock_thread(thread=thread, by=moderator)

    actions = [entry.action for entry in ModerationLog.objects.for_target(thread)]

    assert actions == [Action.UNLOCK_THREAD, Action.PIN_THREAD, Action.LOCK_THREAD]


def test_a_log_entry_is_not_written_when_the_action_fails(thread, moderator):
    first = thread.posts.get(position=1)

    with pytest.raises(ValueError):
        post_services.hide_post(post=first, by=moderator)

    assert not ModerationLog.objects.exists()
    assert not Post.objects.get(pk=first.pk).is_hidden


def test_a_deleted_moderator_leaves_their_entries_behind(thread):
    moderator = UserFactory(role=Role.MODERATOR)
    thread_services.lock_thread(thread=thread, by=moderator)

    User.objects.filter(pk=moderator.pk).delete()

    assert only_entry().actor is None


def test_two_members_can_each_report_the_same_post(thread):
    post = thread.posts.get(position=2)

    services.report_post(post=post, reporter=UserFactory(), reason="Spam")
    services.report_post(post=post, reporter=UserFactory(), reason="Spam too")

    assert Report.objects.open().filter(post=post).count() == 2
