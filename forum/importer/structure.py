"""The one shape every accepted page is read into, whatever its format.

Each reader (``parser`` for Firefox's text, ``browser_text`` for Chromium's, ``xenforo_html``
for saved XenForo 1 and 2 pages) returns a ``ParsedThread`` of one page; ``pages`` joins the
pages of one thread; ``services`` writes the result. ``None`` and "" always mean "the page
does not show it": a reader never fills a gap with a guess.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

# The most the forum's fields hold (a test compares them with the models): a longer value is an
# error naming its line, never a database error halfway through the import.
MAX_LENGTHS = {
    "thread title": 200,
    "board name": 100,
    "username": 150,
    "custom title": 50,
    "banner": 50,
}


class DumpError(ValueError):
    """The page cannot be imported; ``line`` is 1-based, or None when it concerns the file."""

    def __init__(self, message, line=None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(frozen=True)
class DumpWarning:
    """Something the page lost or left unclear. Text pages name the ``line``; HTML pages have
    no useful lines, so they name the post instead (``where``, such as "post #4")."""

    line: int
    message: str
    where: str = ""
    source: str = ""  # the file, once pages are joined

    def __str__(self):
        if self.where:
            return f"{self.where}: {self.message}"
        return f"line {self.line}: {self.message}"


@dataclass
class ParsedMember:
    """A member as the page shows them.

    ``username`` is the name the member gets here: ``source_name`` as the page spells it, made
    into a name that sign-up would accept when it is not one already. ``banner`` is the role
    banner ("Administrator"); ``other_banners`` those shown beside it ("Staff Member").
    """

    username: str
    title: str = ""
    banner: str = ""
    joined_on: date | None = None
    likes_received: int | None = None
    location: str = ""
    source_name: str = ""
    message_count: int | None = None
    other_banners: tuple[str, ...] = ()


@dataclass
class ParsedPost:
    """``number`` is the source's post number (None when the page does not show it);
    ``position`` the number the post gets here: the source's, or the one its place between
    numbered posts implies.

    ``posted_at`` is the post's date: with its time when ``time_known``, the day alone
    otherwise, and None when the page does not give it: Firefox's text never does (its posts
    are dated the thread's first day), while ``day_unknown`` marks a date the page gave but that
    cannot be dated ("Monday at 9:14 AM" without a save date).
    ``likers`` are the names of the likes line and ``other_likes`` its "and 7 others" (None when
    the page shows no likes line). ``body`` and ``signature`` are the forum's markup source;
    ``source_id`` the post's id on the source forum, which its quotes name.
    """

    line: int
    number: int | None
    position: int
    author: ParsedMember
    body: str
    edited_at: datetime | None = None
    posted_at: datetime | None = None
    time_known: bool = False
    likers: list[str] = field(default_factory=list)
    other_likes: int | None = None
    edit_note: str = ""
    signature: str = ""
    page: int | None = None
    source_id: int | None = None
    day_unknown: bool = False

    @property
    def text_lost(self):
        return not self.body


@dataclass
class ParsedThread:
    """One page of a thread (or, after ``pages.join_pages``, all of them).

    ``starter`` is the name of the "Discussion in" line, as a ``source_name``; ``page`` and
    ``last_page`` the page's place in the thread when the page shows it.
    """

    title: str
    board: str
    starter: str
    started_on: date | None
    posts: list[ParsedPost]
    warnings: list[DumpWarning] = field(default_factory=list)
    page: int | None = None
    last_page: int | None = None
    source_format: str = ""
