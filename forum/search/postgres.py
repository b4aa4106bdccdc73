"""Search on PostgreSQL's full-text search: the posts' stored vectors (GIN-indexed, written by
``forum/posts/indexing.py``), ``websearch_to_tsquery`` for what members type (so no input is a
syntax error), ``ts_rank`` for relevance and ``ts_headline`` for snippets."""

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F

from forum.posts.indexing import own_html
from forum.posts.models import Post
from forum.search.hits import START, STOP, Hit, HitPage, Refused, post_url, safe_snippet
from forum.search.narrowing import (
    count_and_page,
    latest_matches,
    narrow_posts,
    narrow_threads,
    page_slice,
)
from forum.threads.models import Thread

_HEADLINE = {
    "start_sel": START,
    "stop_sel": STOP,
    "max_words": 35,
    "min_words": 15,
    "max_fragments": 2,
    "fragment_delimiter": " … ",
}


def search(words, *, user, filters, page):
    config = settings.FORUM_SEARCH_CONFIG
    query = None
    if words:
        refuse_unsearchable(words, config)
        query = SearchQuery(words, config=config, search_type="websearch")
    find = _threads if filters.titles_only else _posts
    return find(query, user=user, filters=filters, page=page, words=words, config=config)


def refuse_unsearchable(words, config):
    """Refuse a query PostgreSQL would answer with nothing (only stop words) or with
    everything but a few posts (only exclusions), in one small query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(q), querytree(q) FROM websearch_to_tsquery(%s::regconfig, %s) AS q",
            [config, words],
        )
        nodes, tree = cursor.fetchone()
    if nodes == 0:
        raise Refused(
            "Those words are too common to search for (like “the” or “and”). "
            "Add a word that fewer posts use."
        )
    if tree == "T":
        raise Refused("Add a word to look for: excluded words (-word) only narrow a search down.")


def _posts(query, *, user, filters, page, words, config):
    posts = narrow_posts(Post.objects.visible_to(user), filters)
    if query is not None:
        posts = posts.filter(search_vector=query)
    total, more, number, pages, start = count_and_page(posts, page)
    if query is None:
        # A member's posts without words: their latest, each opening with its first words.
        query = SearchQuery("", config=config)
        posts = posts.order_by("-created_at", "-id")
        return _post_page(posts, query, start, config, number, pages, total, more, words, filters)
    posts = Post.objects.filter(pk__in=latest_matches(posts))
    if filters.newest_first:
        posts = posts.order_by("-created_at", "-id")
    else:
        posts = posts.annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank", "-id")
    return _post_page(posts, query, start, config, number, pages, total, more, words, filters)


def _post_page(posts, query, start, config, number, pages, total, more, words, filters):
    # ts_headline reads each post's text, so PostgreSQL computes it after the LIMIT, for the
    # page's posts only.
    posts = (
        posts.select_related("thread__board", "author")
        .only(
            "id",
            "position",
            "created_at",
            "thread__id",
            "thread__slug",
            "thread__title",
            "thread__board__name",
            "thread__board__slug",
            "author__username",
        )
        .annotate(snippet=SearchHeadline(own_html(), query, config=config, **_HEADLINE))
    )
    hits = [
        Hit(
            post_id=post.pk,
            thread_title=post.thread.title,
            board_name=post.thread.board.name,
            board_url=post.thread.board.get_absolute_url(),
            author_name=post.author.username,
            author_url=post.author.get_absolute_url(),
            created_at=post.created_at,
            position=post.position,
            snippet=safe_snippet(post.snippet),
            url=post_url(post.thread, post.position),
        )
        for post in page_slice(posts, start)
    ]
    return HitPage(hits, number, pages, total, more, words, filters.member)


def _threads(query, *, user, filters, page, words, config):
    threads = narrow_threads(Thread.objects.visible_to(user), filters)
    if query is not None:
        threads = threads.filter(title_vector=query)
    total, more, number, pages, start = count_and_page(threads, page)
    if query is None:
        query = SearchQuery("", config=config)
        threads = threads.order_by("-created_at", "-id")
    elif filters.newest_first:
        threads = Thread.objects.filter(pk__in=latest_matches(threads))
        threads = threads.order_by("-created_at", "-id")
    else:
        threads = Thread.objects.filter(pk__in=latest_matches(threads))
        threads = threads.annotate(rank=SearchRank(F("title_vector"), query)).order_by(
            "-rank", "-id"
        )
    threads = (
        threads.select_related("board", "starter")
        .only(
            "id", "slug", "title", "created_at", "board__name", "board__slug", "starter__username"
        )
        .annotate(
            snippet=SearchHeadline("title", query, config=config, highlight_all=True, **_MARKS)
        )
    )
    hits = [
        Hit(
            post_id=0,
            thread_title=thread.title,
            board_name=thread.board.name,
            board_url=thread.board.get_absolute_url(),
            author_name=thread.starter.username,
            author_url=thread.starter.get_absolute_url(),
            created_at=thread.created_at,
            position=1,
            snippet=safe_snippet(thread.snippet),
            url=post_url(thread, 1),
        )
        for thread in page_slice(threads, start)
    ]
    return HitPage(hits, number, pages, total, more, words, filters.member)


_MARKS = {"start_sel": START, "stop_sel": STOP}
