import pytest

from forum.moderation import services
from forum.moderation.models import Action, ModerationLog, Report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def only_entry():
    (entry,) = ModerationLog.objects.all()
    return entry


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


def test_two_members_can_each_report_the_same_post(thread):
    post = thread.posts.get(position=2)

    services.report_post(post=post, reporter=UserFactory(), reason="Spam")
    services.report_post(post=post, reporter=UserFactory(), reason="Spam too")

    assert Report.objects.open().filter(post=post).count() == 2
