"""Reply drafts live in the browser (static/js/forum.js keeps each reply box's text in
localStorage, under the box's ``data-draft-key``), never on the server: a logged-out visitor's
text would otherwise make a session row for anyone who posts, so anyone could fill the
database and Redis. This module only tells the member's next page that a reply went out, so
the browser drops its copy.

It does so with a cookie of its own, set on the reply's redirect and dropped by the page that
reads it: a flag in the session would cost every reply a write of the session (its row and its
cache entry) and the next page another. The cookie says no more than a thread's id, and a
forged one can only make a member's browser forget a draft of that thread.
"""

from django.conf import settings

POSTED_COOKIE = "reply_posted_in"
# Long enough for the redirect to be followed; a page read later has no business with it.
POSTED_COOKIE_SECONDS = 60


def mark_posted(response, thread):
    """Tell the next page of ``thread`` that the member's reply to it was posted."""
    response.set_cookie(
        POSTED_COOKIE,
        str(thread.pk),
        max_age=POSTED_COOKIE_SECONDS,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def posted_flag(request, thread):
    """Whether a reply to ``thread`` was just posted (``forget_posted_flag`` once read)."""
    return request.COOKIES.get(POSTED_COOKIE) == str(thread.pk)


def forget_posted_flag(response):
    """Drop the flag ``posted_flag`` found, so the page after shows it no more."""
    response.delete_cookie(POSTED_COOKIE, samesite="Lax")
    return response
