from django import template

from forum.follow.models import FollowedMember, Kind

register = template.Library()


def _name(member):
    return member.username if member is not None else "Someone"


def likers(alert):
    """ "A", "A and B", "A, B and 1 other", "A, B and 3 others"."""
    first = _name(alert.actor)
    if alert.actor_count == 1 or alert.other_actor is None:
        return first
    if alert.actor_count == 2:
        return f"{first} and {_name(alert.other_actor)}"
    others = alert.actor_count - 2
    return f"{first}, {_name(alert.other_actor)} and {others} other{'s' if others != 1 else ''}"


@register.simple_tag
def alert_summary(alert):
    """What an alert says, in one line (the alerts page, the mail's subject and text)."""
    title = f"“{alert.thread.title}”"
    actor = _name(alert.actor)
    if alert.kind == Kind.REPLY:
        return f"{actor} replied to the thread {title}"
    if alert.kind == Kind.THREAD:
        return f"{actor} started the thread {title}"
    if alert.kind == Kind.QUOTE:
        return f"{actor} quoted your post in {title}"
    if alert.kind == Kind.MENTION:
        return f"{actor} mentioned you in {title}"
    if alert.kind == Kind.LIKE:
        return f"{likers(alert)} liked your post in {title}"
    what = "your post in" if alert.post_id else "your thread"
    return f"A moderator {alert.action} {what} {title}"


@register.simple_tag(takes_context=True)
def follows(context, member):
    """Whether the reader follows ``member`` (the profile's Follow / Unfollow button)."""
    user = context["user"]
    return user.is_authenticated and FollowedMember.follows(user, member)
