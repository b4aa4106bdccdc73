"""The moderation log's one writer.

Every service that lets a moderator act on someone else's content (a thread, a post, a member)
calls ``record`` in the transaction of its write, so the log holds exactly what happened
whichever door was used: the thread page, the admin, a command. A leaf: it imports no other
app, so the services of every app may call it.
"""

from django.contrib.contenttypes.models import ContentType

from forum.moderation.models import Action, ModerationLog

__all__ = ["Action", "record"]


def record(*, by, action, target, reason="", target_repr=None, **details):
    """Write one entry of the moderation log: ``by`` did ``action`` to ``target``."""
    return ModerationLog.objects.create(
        actor=by,
        action=action,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        target_repr=(target_repr or str(target))[:200],
        reason=reason[:500],
        details=details,
    )
