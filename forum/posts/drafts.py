"""Reply drafts kept in the member's session, so that text survives a detour through login.

A visitor who writes a reply and is sent to log in finds it in the reply box afterwards. The
session is shared by every app server (database or Redis), unlike anything kept in a process.
"""

from django.conf import settings

DRAFTS_KEY = "reply_drafts"
POSTED_KEY = "reply_posted_in"


def stash(request, thread, body):
    """Keep ``body`` as the draft reply to ``thread``; only the latest few threads are kept."""
    body = body.replace("\r\n", "\n")[: settings.FORUM_POST_MAX_LENGTH]
    kept = dict(request.session.get(DRAFTS_KEY, {}))
    kept.pop(str(thread.pk), None)
    if body.strip():
        kept[str(thread.pk)] = body
    request.session[DRAFTS_KEY] = dict(list(kept.items())[-settings.FORUM_SESSION_DRAFTS :])


def peek(request, thread):
    """The draft reply to ``thread``, or an empty string."""
    return request.session.get(DRAFTS_KEY, {}).get(str(thread.pk), "")


def discard(request, thread, *, posted=False):
    """Forget the draft for ``thread``; ``posted`` tells the next page that the reply went out
    (so the browser's own copy of the draft, kept by forum.js, is dropped too)."""
    kept = request.session.get(DRAFTS_KEY, {})
    if str(thread.pk) in kept:
        request.session[DRAFTS_KEY] = {k: v for k, v in kept.items() if k != str(thread.pk)}
    if posted:
        request.session[POSTED_KEY] = thread.pk


def take_posted_flag(request, thread):
    """Whether a reply to ``thread`` was just posted (read once)."""
    if request.session.get(POSTED_KEY) != thread.pk:
        return False
    del request.session[POSTED_KEY]
    return True
