"""Members' reports of posts, and moderators closing them.

The other moderators' actions live with the rows they change (``forum.threads.services``,
``forum.posts.services``, ``accounts.services``), each logging itself through
``forum.moderation.log``; the callers check the permission first.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from forum.moderation.log import Action, record
from forum.moderation.models import Report


@transaction.atomic
def report_post(*, post, reporter, reason):
    """File ``reporter``'s report of ``post``; return None if theirs is open already."""
    try:
        with transaction.atomic():
            return Report.objects.create(post=post, reporter=reporter, reason=reason)
    except IntegrityError:
        return None


@transaction.atomic
def report_message(*, message, reporter, reason):
    """File ``reporter``'s report of ``message`` (of a private conversation); return None if
    theirs is open already."""
    try:
        with transaction.atomic():
            return Report.objects.create(message=message, reporter=reporter, reason=reason)
    except IntegrityError:
        return None


@transaction.atomic
def close_report(*, report, by, outcome, note=""):
    """Close an open ``report`` with ``outcome`` and log it; None if it was closed already."""
    now = timezone.now()
    closed = Report.objects.filter(pk=report.pk, closed_at__isnull=True).update(
        closed_at=now, closed_by=by, outcome=outcome, outcome_note=note
    )
    if not closed:
        return None
    report.refresh_from_db()
    return record(
        by=by,
        action=Action.CLOSE_REPORT,
        target=report,
        target_repr=str(Report.objects.described().get(pk=report.pk)),
        reason=note,
        outcome=outcome,
        post_id=report.post_id,
    )
