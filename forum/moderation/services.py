"""Moderators' actions. Each wraps the thread, post or member write it stands for and logs it
in the same transaction, so the log holds exactly what happened. The admin's actions and the
thread page's tools call these same functions; the callers check the permission first.

Each returns the new log entry, or ``None`` when there was nothing to do (a thread locked
already, say), so that repeating an action neither changes nor logs anything.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import set_member_role
from forum.moderation.models import Action, ModerationLog, Report
from forum.posts import services as post_services
from forum.posts.models import Post
from forum.threads import services as thread_services
from forum.threads.models import Thread


def log_action(*, moderator, action, target, reason="", target_repr=None, **details):
    """Write one entry of the moderation log about ``target``."""
    return ModerationLog.objects.create(
        actor=moderator,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        target_repr=(target_repr or str(target))[:200],
        reason=reason[:500],
        details=details,
    )


def _post_repr(post):
    return f"Post #{post.position} in “{post.thread.title}”"


def _set_thread_flag(thread, moderator, reason, action, **flag):
    ((name, value),) = flag.items()
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if getattr(thread, name) == value:
        return None
    thread_services.set_thread_flags(thread=thread, **flag)
    return log_action(moderator=moderator, action=action, target=thread, reason=reason)


@transaction.atomic
def lock_thread(*, thread, moderator, reason=""):
    """Lock ``thread`` against replies and log it."""
    return _set_thread_flag(thread, moderator, reason, Action.LOCK_THREAD, is_locked=True)


@transaction.atomic
def unlock_thread(*, thread, moderator, reason=""):
    """Open ``thread`` to replies again and log it."""
    return _set_thread_flag(thread, moderator, reason, Action.UNLOCK_THREAD, is_locked=False)


@transaction.atomic
def pin_thread(*, thread, moderator, reason=""):
    """Pin ``thread`` to the top of its board and log it."""
    return _set_thread_flag(thread, moderator, reason, Action.PIN_THREAD, is_pinned=True)


@transaction.atomic
def unpin_thread(*, thread, moderator, reason=""):
    """Let ``thread`` sink back among the others and log it."""
    return _set_thread_flag(thread, moderator, reason, Action.UNPIN_THREAD, is_pinned=False)


def _set_thread_hidden(thread, moderator, reason, action, *, hidden):
    thread = thread_services.lock_thread_rows(thread)
    if thread.is_hidden == hidden:
        return None
    thread_services.set_thread_hidden(thread=thread, hidden=hidden)
    return log_action(moderator=moderator, action=action, target=thread, reason=reason)


@transaction.atomic
def hide_thread(*, thread, moderator, reason=""):
    """Hide ``thread`` from members (its posts leave the counts) and log it."""
    return _set_thread_hidden(thread, moderator, reason, Action.HIDE_THREAD, hidden=True)


@transaction.atomic
def restore_thread(*, thread, moderator, reason=""):
    """Show a hidden ``thread`` again (its posts rejoin the counts) and log it."""
    return _set_thread_hidden(thread, moderator, reason, Action.RESTORE_THREAD, hidden=False)


@transaction.atomic
def move_thread(*, thread, board, moderator, reason=""):
    """Move ``thread`` to ``board`` (both boards' counters follow) and log where from."""
    thread = thread_services.lock_thread_rows(thread, board)
    old_board = thread.board
    if old_board.pk == board.pk:
        return None
    thread_services.move_thread(thread=thread, board=board)
    return log_action(
        moderator=moderator,
        action=Action.MOVE_THREAD,
        target=thread,
        reason=reason,
        from_board={"id": old_board.pk, "name": old_board.name},
        to_board={"id": board.pk, "name": board.name},
    )


@transaction.atomic
def merge_threads(*, sources, target, moderator, reason=""):
    """Merge ``sources`` into ``target`` (posts by time, renumbered, counters right), logged."""
    merged = [{"id": source.pk, "title": source.title} for source in sources]
    target = thread_services.merge_threads(sources=sources, target=target)
    return log_action(
        moderator=moderator,
        action=Action.MERGE_THREADS,
        target=target,
        reason=reason,
        merged=[source for source in merged if source["id"] != target.pk],
    )


@transaction.atomic
def rename_thread(*, thread, title, moderator, reason=""):
    """Give ``thread`` a new title (and slug) and log the old one."""
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if thread.title == title:
        return None
    old_title = thread.title
    thread_services.rename_thread(thread=thread, title=title)
    return log_action(
        moderator=moderator,
        action=Action.RENAME_THREAD,
        target=thread,
        target_repr=title,
        reason=reason,
        old_title=old_title,
    )


def _set_post_hidden(post, moderator, reason, action, *, hidden):
    post = Post.objects.select_related("thread").get(pk=post.pk)
    thread_services.lock_thread_rows(post.thread)
    post = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
    if post.is_hidden == hidden:
        return None
    post_services.set_post_hidden(post=post, hidden=hidden)
    return log_action(
        moderator=moderator, action=action, target=post, target_repr=_post_repr(post), reason=reason
    )


@transaction.atomic
def hide_post(*, post, moderator, reason=""):
    """Hide ``post`` from members (counters follow) and log it."""
    return _set_post_hidden(post, moderator, reason, Action.HIDE_POST, hidden=True)


@transaction.atomic
def restore_post(*, post, moderator, reason=""):
    """Show a hidden ``post`` again (counters follow) and log it."""
    return _set_post_hidden(post, moderator, reason, Action.RESTORE_POST, hidden=False)


@transaction.atomic
def edit_post(*, post, moderator, body, expected_revision, reason=""):
    """Edit another member's ``post`` (its old text kept as a revision) and log it.

    Raises ``EditConflict`` like ``forum.posts.services.edit_post`` when someone saved first.
    """
    edited = post_services.edit_post(
        post=post, editor=moderator, body=body, expected_revision=expected_revision
    )
    if edited.revision == expected_revision:
        return None  # the same text again: nothing was saved
    return log_action(
        moderator=moderator,
        action=Action.EDIT_POST,
        target=edited,
        target_repr=_post_repr(post),
        reason=reason,
        revision=edited.revision,
    )


def _lock_member(member):
    return User.objects.select_for_update().get(pk=member.pk)


@transaction.atomic
def ban_member(*, member, moderator, reason, until=None):
    """Ban ``member`` (they keep reading, stop writing) until ``until`` or for good; logged."""
    member = _lock_member(member)
    if member.is_banned and member.ban_reason == reason and member.banned_until == until:
        return None
    User.objects.filter(pk=member.pk).update(is_banned=True, ban_reason=reason, banned_until=until)
    return log_action(
        moderator=moderator,
        action=Action.BAN_MEMBER,
        target=member,
        reason=reason,
        until=until.isoformat() if until else None,
    )


@transaction.atomic
def lift_ban(*, member, moderator, reason=""):
    """Lift ``member``'s ban and log it."""
    member = _lock_member(member)
    if not member.is_banned:
        return None
    User.objects.filter(pk=member.pk).update(is_banned=False, ban_reason="", banned_until=None)
    return log_action(
        moderator=moderator,
        action=Action.LIFT_BAN,
        target=member,
        reason=reason,
        ban_reason=member.ban_reason,
    )


@transaction.atomic
def change_member_title(*, member, title, moderator, reason=""):
    """Give ``member`` a custom title (empty: the role's name shows) and log the old one."""
    member = _lock_member(member)
    if member.title == title:
        return None
    User.objects.filter(pk=member.pk).update(title=title)
    return log_action(
        moderator=moderator,
        action=Action.CHANGE_MEMBER_TITLE,
        target=member,
        reason=reason,
        old_title=member.title,
        new_title=title,
    )


@transaction.atomic
def change_member_role(*, member, role, moderator, reason=""):
    """Give ``member`` another role through ``set_member_role`` and log it."""
    member = _lock_member(member)
    if member.role == role:
        return None
    old_role = member.role
    set_member_role(user=member, role=role)
    return log_action(
        moderator=moderator,
        action=Action.CHANGE_MEMBER_ROLE,
        target=member,
        reason=reason,
        old_role=old_role,
        new_role=Role(role).value,
    )


@transaction.atomic
def report_post(*, post, reporter, reason):
    """File ``reporter``'s report of ``post``; return None if theirs is open already."""
    try:
        with transaction.atomic():
            return Report.objects.create(post=post, reporter=reporter, reason=reason)
    except IntegrityError:
        return None


@transaction.atomic
def close_report(*, report, moderator, outcome, note=""):
    """Close an open ``report`` with ``outcome`` and log it; None if it was closed already."""
    now = timezone.now()
    closed = Report.objects.filter(pk=report.pk, closed_at__isnull=True).update(
        closed_at=now, closed_by=moderator, outcome=outcome, outcome_note=note
    )
    if not closed:
        return None
    report.refresh_from_db()
    return log_action(
        moderator=moderator,
        action=Action.CLOSE_REPORT,
        target=report,
        target_repr=f"Report of post {report.post_id} by {report.reporter}",
        reason=note,
        outcome=outcome,
        post_id=report.post_id,
    )
