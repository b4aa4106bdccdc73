"""Reply drafts live in the browser (static/js/forum.js keeps each reply box's text in
localStorage, under the box's ``data-draft-key``), never on the server: a logged-out visitor's
text would otherwise make a session row for anyone who posts, so anyone could fill the
database and Redis. This module only tells the member's next page that a reply went out, so
the browser drops its copy.
"""

POSTED_KEY = "reply_posted_in"


def mark_posted(request, thread):
    """Tell the next page of ``thread`` that the member's reply to it was posted."""
    request.session[POSTED_KEY] = thread.pk


def take_posted_flag(request, thread):
    """Whether a reply to ``thread`` was just posted (read once)."""
    if request.session.get(POSTED_KEY) != thread.pk:
        return False
    del request.session[POSTED_KEY]
    return True
