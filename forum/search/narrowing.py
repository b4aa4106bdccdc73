"""The filters every engine applies alike: member, board, thread, dates; and the page arithmetic
of a capped result count."""

from django.conf import settings
from django.contrib.auth import get_user_model

from forum.paging import page_count


def _member(name):
    """The id of the member named ``name`` (any case), or None, looked up first, in a query of
    its own: PostgreSQL then plans the posts' query for that member, from its statistics of
    each author's posts. Given the id as a subquery, it planned for an average member (250
    posts) and read all 55,000 posts of a prolific one through a bitmap (1.5 s) rather than
    walk their latest posts newest first (``post_author_newest``) and stop at the cap."""
    members = get_user_model().objects.filter(username__iexact=name)
    return members.values_list("pk", flat=True).first()


def narrow_posts(posts, filters):
    if filters.member:
        posts = posts.filter(author=_member(filters.member))
    if filters.board:
        posts = posts.filter(thread__board_id=filters.board)
    if filters.thread:
        posts = posts.filter(thread_id=filters.thread)
    if filters.after:
        posts = posts.filter(created_at__date__gte=filters.after)
    if filters.before:
        posts = posts.filter(created_at__date__lte=filters.before)
    return posts


def narrow_threads(threads, filters):
    if filters.member:
        threads = threads.filter(starter=_member(filters.member))
    if filters.board:
        threads = threads.filter(board_id=filters.board)
    if filters.thread:
        threads = threads.filter(pk=filters.thread)
    if filters.after:
        threads = threads.filter(created_at__date__gte=filters.after)
    if filters.before:
        threads = threads.filter(created_at__date__lte=filters.before)
    return threads


def latest_matches(rows, extra=0):
    """The ids of the latest ``FORUM_SEARCH_MAX_RESULTS`` (+ ``extra``) of ``rows``: the hits
    that are counted, ranked and paged.

    Ordered by id with a LIMIT, so PostgreSQL may walk the primary key backwards and stop at
    the cap when a word is in most posts, or read the GIN index when it is in few; ranking
    or counting every post that holds a common word is what makes a big forum's search slow.
    """
    return rows.order_by("-pk").values("pk")[: settings.FORUM_SEARCH_MAX_RESULTS + extra]


def count_and_page(rows, page):
    """``(total, more, number, pages, start)`` for ``rows`` (a queryset): counted up to
    ``FORUM_SEARCH_MAX_RESULTS`` in one query, so a common word costs what a rare one does."""
    cap = settings.FORUM_SEARCH_MAX_RESULTS
    found = latest_matches(rows, extra=1).count()
    total, more = min(found, cap), found > cap
    per_page = settings.FORUM_SEARCH_RESULTS_PER_PAGE
    pages = page_count(total, per_page)
    number = min(page, pages)
    return total, more, number, pages, (number - 1) * per_page


def page_slice(rows, start):
    return rows[start : start + settings.FORUM_SEARCH_RESULTS_PER_PAGE]
