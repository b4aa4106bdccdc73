"""Who hears of what: the "no alert" rules, asked by the services and the tasks alike."""

from django.urls import Resolver404, resolve

from forum import permissions
from forum.follow.models import Alert, Preferences
from forum.markup import mentioned_profiles, quoted_posts


def may_alert(member, *, post=None, thread=None, by=None):
    """Whether ``member`` may hear of ``post`` (or ``thread``): never of their own doing nor of
    a member they ignore, only of what they can read, and not while banned or deactivated."""
    if member is None or (by is not None and member.pk == by.pk):
        return False
    if by is not None and by.pk in (member.ignoring or ()):
        return False
    if not member.is_active or member.is_currently_banned:
        return False
    if post is not None:
        return permissions.can_view_post(member, post)
    return permissions.can_view_thread(member, thread)


def preferences_of(member):
    """``member``'s preferences, read through a ``select_related`` if one fetched them."""
    try:
        return member.follow_preferences
    except Preferences.DoesNotExist:
        return Preferences(user=member)


def named_in(post):
    """``{member id: kind}`` for the members ``post`` quotes (their posts) or mentions; a quote
    outranks a mention of the same member."""
    named = {}
    for url in mentioned_profiles(post.body_html):
        try:
            match = resolve(url)
        except Resolver404:
            continue
        if match.url_name == "profile" and "pk" in match.kwargs:
            named[int(match.kwargs["pk"])] = "mention"
    sources = quoted_posts(post.body_html)
    if sources:
        # The posts app sits above this one: its rows are reached through our own relation.
        posts = Alert.post.field.related_model.objects
        for topic, number in sources:
            author = (
                posts.filter(thread_id=topic or post.thread_id, position=number)
                .values_list("author_id", flat=True)
                .first()
            )
            if author is not None:
                named[author] = "quote"
    return named
