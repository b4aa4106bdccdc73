"""Search on PostgreSQL's full-text search: the posts' stored vectors (GIN-indexed, written by
``forum/posts/indexing.py``), ``websearch_to_tsquery`` for what members type (so no input is a
syntax error), ``ts_rank`` for relevance and ``ts_headline`` for snippets."""

import re
from dataclasses import replace

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Count, F, Window

from forum.paging import page_count
from forum.posts.indexing import own_html
from forum.posts.models import Post
from forum.search.hits import START, STOP, Hit, HitPage, Refused, post_url, safe_snippet
from forum.search.narrowing import latest_matches, narrow_posts, narrow_threads, page_slice
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
    query = pairs = None
    only_pair = False
    if words:
        tsquery = refuse_unsearchable(words, config)
        pairs = phrase_pairs(tsquery)
        only_pair = pairs is not None and _TWO_WORDS.fullmatch(tsquery) is not None
        query = SearchQuery(words, config=config, search_type="websearch")
    if filters.titles_only:
        return _threads(query, user=user, filters=filters, page=page, words=words, config=config)
    return _posts(
        query,
        pairs,
        only_pair=only_pair,
        user=user,
        filters=filters,
        page=page,
        words=words,
        config=config,
    )


def refuse_unsearchable(words, config):
    """Refuse a query PostgreSQL would answer with nothing (only stop words) or with
    everything but a few posts (only exclusions), in one small query; return the query as
    PostgreSQL reads it (tsquery text)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(q), querytree(q), q::text "
            "FROM websearch_to_tsquery(%s::regconfig, %s) AS q",
            [config, words],
        )
        nodes, tree, text = cursor.fetchone()
    if nodes == 0:
        raise Refused(
            "Those words are too common to search for (like “the” or “and”). "
            "Add a word that fewer posts use."
        )
    if tree == "T":
        raise Refused("Add a word to look for: excluded words (-word) only narrow a search down.")
    return text


_TOKEN = re.compile(r"'((?:[^']|'')*)'(:[*A-D]+)?|<->|<\d+>|[&|!()]")


def phrase_pairs(tsquery):
    """The word pairs every post matching ``tsquery`` (text, as PostgreSQL writes it) must
    hold, as a tsquery text for the posts' ``search_pairs`` (``'night train' & 'train
    station'``), or None: a post holding the phrase "night train station" holds both pairs.

    Only phrases every match must hold narrow the search: none when the query has an OR (a
    phrase may then be missing) and none under a negation; only adjacent words (``<->``) make
    a pair, as stop words leave a gap (``<2>``) in the vectors and make no pair there.
    """
    if "|" in tsquery:
        return None
    pairs = []
    negated = []  # per open parenthesis: is it under a "!"?
    previous = None  # the lexeme just read, when a pair can start from it
    joined = False  # was the token before "<->"?
    bang = False
    for match in _TOKEN.finditer(tsquery):
        token = match.group(0)
        if match.group(1) is not None:
            lexeme = match.group(1).replace("''", "'")
            plain = match.group(2) is None and "\\" not in lexeme and not bang
            plain = plain and not any(negated)
            if joined and previous is not None and plain:
                pairs.append(f"{previous} {lexeme}")
            previous = lexeme if plain else None
            joined = bang = False
        elif token == "<->":
            joined = True
        elif token == "(":
            negated.append(bang)
            bang = joined = False
            previous = None
        elif token == ")":
            if negated:
                negated.pop()
            previous, joined = None, False
        elif token == "!":
            bang = True
        else:  # "&", or a distance such as <2>
            previous, joined = None, False
    if not pairs:
        return None
    return " & ".join("'" + pair.replace("'", "''") + "'" for pair in dict.fromkeys(pairs))


# A query that is one phrase of two words and nothing else: 'night' <-> 'train'.
_TWO_WORDS = re.compile(r"'(?:[^']|'')*' <-> '(?:[^']|'')*'")


class _Literal(SearchQuery):
    """A tsquery given as its text: lexemes taken as written, not parsed again by a language
    (a pair's lexeme holds a space, which any parser would split)."""

    def as_sql(self, compiler, connection, function=None, template=None):
        return super().as_sql(compiler, connection, template="%(expressions)s::tsquery")


def _posts(query, pairs, *, only_pair, user, filters, page, words, config):
    posts = narrow_posts(Post.objects.visible_to(user), replace(filters, board=None))
    if filters.board:
        # The board stored beside the vector: PostgreSQL walks that board's posts, newest
        # first (post_search_board_newest), not every post joined to its thread.
        posts = posts.filter(search_board=filters.board)
    if pairs:
        # A phrase's word pairs, GIN-indexed, narrow it to the posts holding them (the words'
        # index would give every post holding both words, each then checked for the phrase).
        posts = posts.filter(search_pairs=_Literal(pairs))
    if query is not None and not only_pair:
        # A query that is one phrase of two words is its pair, exactly; and PostgreSQL
        # estimates how many posts hold a pair from the pairs' own statistics: with the phrase
        # checked as well, it would multiply its two words' shares and take a common pair for
        # a rare one (reading 100,000 posts through the index rather than the latest few).
        posts = posts.filter(search_vector=query)
    posts = Post.objects.filter(pk__in=latest_matches(posts))
    if query is None:
        # A member's posts without words: their latest, each opening with its first words.
        query = SearchQuery("", config=config)
        posts = posts.order_by("-created_at", "-id")
    elif filters.newest_first:
        posts = posts.order_by("-created_at", "-id")
    else:
        posts = posts.annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank", "-id")

    def load(ids):
        return (
            Post.objects.filter(pk__in=ids)
            .select_related("thread__board", "author")
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

    def hit(post):
        return Hit(
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

    return _one_page(posts, page, load, hit, words=words, member=filters.member)


def _threads(query, *, user, filters, page, words, config):
    threads = narrow_threads(Thread.objects.visible_to(user), filters)
    if query is not None:
        threads = threads.filter(title_vector=query)
    threads = Thread.objects.filter(pk__in=latest_matches(threads))
    if query is None:
        query = SearchQuery("", config=config)
        threads = threads.order_by("-created_at", "-id")
    elif filters.newest_first:
        threads = threads.order_by("-created_at", "-id")
    else:
        threads = threads.annotate(rank=SearchRank(F("title_vector"), query)).order_by(
            "-rank", "-id"
        )

    def load(ids):
        return (
            Thread.objects.filter(pk__in=ids)
            .select_related("board", "starter")
            .only(
                "id",
                "slug",
                "title",
                "created_at",
                "board__name",
                "board__slug",
                "starter__username",
            )
            .annotate(
                snippet=SearchHeadline("title", query, config=config, highlight_all=True, **_MARKS)
            )
        )

    def hit(thread):
        return Hit(
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

    return _one_page(threads, page, load, hit, words=words, member=filters.member)


def _one_page(rows, page, load, hit, *, words, member):
    """Page ``page`` of ``rows`` (ordered, at most the cap) and their number: the page's ids
    and the count in one query, where a window counts the rows before the LIMIT (so the
    matches are found once: a phrase is checked post by post), over the searched table alone;
    then ``load(ids)`` gives the page's rows with what a hit shows (threads, boards, authors,
    ts_headline's snippet), joined for those 20 rows only, not for every match counted."""
    per_page = settings.FORUM_SEARCH_RESULTS_PER_PAGE
    counted = rows.annotate(found=Window(Count("pk"))).values_list("pk", "found")
    batch = list(page_slice(counted, (page - 1) * per_page))
    if batch:
        found = batch[0][1]
    else:
        found = rows.count() if page > 1 else 0
        if found:
            # Past the end (it moves as posts come and go): the last page, as a list does.
            page = page_count(min(found, settings.FORUM_SEARCH_MAX_RESULTS), per_page)
            batch = list(page_slice(counted, (page - 1) * per_page))
    total = min(found, settings.FORUM_SEARCH_MAX_RESULTS)
    pages = page_count(total, per_page)
    # Reaching the cap is taken as passing it ("1,000+"): counting one more would list it too.
    more = found >= settings.FORUM_SEARCH_MAX_RESULTS
    shown = {row.pk: row for row in load([pk for pk, _ in batch])} if batch else {}
    hits = [hit(shown[pk]) for pk, _ in batch if pk in shown]
    return HitPage(hits, page, pages, total, more, words, member)


_MARKS = {"start_sel": START, "stop_sel": STOP}
