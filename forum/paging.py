"""Page links for lists whose length is already known from a stored counter.

Django's Paginator counts rows with a query; the forum never needs to, because boards and
threads keep their counts. ``PageLinks`` only does the arithmetic and builds the links.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from forum.params import positive_int


def requested_page(request):
    """The page number asked for in ``?page=`` (1 if none), or ``None`` for what is not one."""
    return positive_int(request.GET.get("page", "1"))


def nearest_page(page, count):
    """The page of ``count`` that answers ``page`` (from ``requested_page``): the last one for
    a page past the end, as XenForo does, and the first for what is not a page number.

    A view redirects there when it is not ``page``: the end moves as posts come and go, so an
    old link to a page past it still finds the thread.
    """
    return 1 if page is None else min(page, count)


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str
    is_current: bool


@dataclass(frozen=True)
class PageLinks:
    number: int
    count: int
    url_for: Callable[[int], str]

    # Pages shown on either side of the current one; the first and last are always shown.
    window = 2

    @property
    def has_other_pages(self):
        return self.count > 1

    # Computed once: a page shows its links twice (above and below), each asking them twice.
    @cached_property
    def previous_url(self):
        return self.url_for(self.number - 1) if self.number > 1 else ""

    @cached_property
    def next_url(self):
        return self.url_for(self.number + 1) if self.number < self.count else ""

    @cached_property
    def links(self):
        """Page links with ``None`` standing for a run of skipped pages."""
        shown = {1, self.count, *range(self.number - self.window, self.number + self.window + 1)}
        items, previous = [], 0
        for number in sorted(n for n in shown if 1 <= n <= self.count):
            if number > previous + 1:
                items.append(None)
            items.append(PageLink(number, self.url_for(number), number == self.number))
            previous = number
        return items


def page_count(total, per_page):
    return max(1, -(-total // per_page))


# Numbers no post holds. Positions are never reused, so a thread written here has none; an
# imported thread keeps its source's numbers, and a post the dump lacked leaves its number
# unused. The page shows where each one would be, so "#3" reads as the source's third post.


@dataclass(frozen=True)
class Gap:
    """Post numbers ``first`` to ``last`` that no post holds."""

    first: int
    last: int

    @property
    def others(self):
        """The numbers after the first, for their anchors (links to them land on the gap)."""
        return range(self.first + 1, self.last + 1)


def attach_gaps(posts, missing):
    """Set ``gaps_before`` on each of ``posts`` (in position order): the runs of ``missing``
    numbers just before it; return the runs after the last one."""
    missing = sorted(missing)
    for post in posts:
        before = [number for number in missing if number < post.position]
        missing = missing[len(before) :]
        post.gaps_before = _runs(before)
    return _runs(missing)


def _runs(numbers):
    runs = []
    for number in numbers:
        if runs and runs[-1].last == number - 1:
            runs[-1] = Gap(runs[-1].first, number)
        else:
            runs.append(Gap(number, number))
    return runs


def jump_links(count, url_for, *, first=2):
    """Links straight into a long list from outside it: its first pages, a gap, its last page
    (a board row's "1 2 … 7", as on XenForo). Empty for a list of one page.

    ``None`` stands for the skipped pages; a list short enough gets every page.
    """
    if count <= 1:
        return []
    shown = range(1, count + 1) if count <= first + 2 else [*range(1, first + 1), None, count]
    return [PageLink(number, url_for(number), False) if number else None for number in shown]
