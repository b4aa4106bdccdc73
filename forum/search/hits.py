"""What every search engine of ``forum.search.backend`` answers with, and how it makes a
snippet safe: escaped text whose only markup is ``<mark>`` around the words found."""

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.urls import reverse
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe


class Refused(Exception):
    """A query that cannot be searched, with the message to show beside the box."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Filters:
    titles_only: bool = False
    member: str = ""  # a member's username, as typed (case does not matter)
    board: int | None = None  # a board's id
    thread: int | None = None  # a thread's id ("this thread")
    after: date | None = None  # written on or after
    before: date | None = None  # written on or before
    newest_first: bool = False  # else by relevance


@dataclass(frozen=True)
class Hit:
    post_id: int
    thread_title: str
    board_name: str
    board_url: str
    author_name: str
    author_url: str
    created_at: datetime
    position: int
    snippet: SafeString  # escaped text; the only markup is <mark> around the words found
    url: str  # the post in its thread page


@dataclass(frozen=True)
class HitPage:
    hits: list[Hit]
    number: int  # this page, from 1
    pages: int
    total: int  # hits found, at most FORUM_SEARCH_MAX_RESULTS
    more: bool = False  # more than ``total`` were found
    words: str = ""  # what was searched for, after ``by:`` was taken out
    member: str = field(default="")


def post_url(thread, position):
    """Where post ``position`` of ``thread`` is read (its page, at its anchor)."""
    return reverse(
        "posts:post_at",
        kwargs={"slug": thread.slug or "thread", "pk": thread.pk, "position": position},
    )


# Put around the words found by the database (ts_headline) or by simple.py. No tag of that name
# survives the sanitiser, so in a post's stored HTML it can only be text (``&lt;search-hit&gt;``).
START, STOP = "<search-hit>", "</search-hit>"
_MARKS = re.compile(f"({re.escape(START)}|{re.escape(STOP)})")
_SPACE = re.compile(r"\s+")


def safe_snippet(marked_html):
    """``marked_html`` (HTML, or text already escaped, with START/STOP around the words found)
    as escaped text with ``<mark>`` around those words, and nothing else."""
    out, open_mark = [], False
    for piece in _MARKS.split(marked_html):
        if piece == START:
            if not open_mark:
                out.append("<mark>")
                open_mark = True
        elif piece == STOP:
            if open_mark:
                out.append("</mark>")
                open_mark = False
        else:
            out.append(escape(_SPACE.sub(" ", html.unescape(strip_tags(piece)))))
    if open_mark:
        out.append("</mark>")
    return mark_safe("".join(out).strip())  # every piece of text went through escape()
