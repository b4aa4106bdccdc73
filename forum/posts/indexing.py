"""The words a post is found by: its stored full-text vector, kept current by the services that
write posts and threads (start, reply, edit, rename, merge, re-render, import).

The vector is made in the database from the stored HTML, so a service, ``reindex_search`` and
``generate_forum`` share one expression and no text goes back and forth: PostgreSQL's text
search parser already skips HTML tags and entities, and ``forum_own_html`` (a function made by
migration 0008) drops the quoted posts first, so a post is found by its own words, not by what it
quotes. The opening post also carries its thread's title, weighted A (the body is B), so a
thread found by its title is listed once, by its opening post, rather than once per reply.

Hiding, moving or locking a thread changes nothing here: search reads who may see a post and
where it lives from the rows themselves when it asks.

Only PostgreSQL stores vectors; elsewhere these calls do nothing and search falls back to
reading the posts' text (``forum/search/simple.py``).
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection
from django.db.models import (
    Case,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Subquery,
    TextField,
    Value,
    When,
)

from forum.threads.models import Thread

# Made by forum/posts/migrations/0008: the HTML without the quotes of other posts, innermost
# first, as ``forum.posts.models._without_quotes`` does in Python.
OWN_HTML_FUNCTION = "forum_own_html"
# Made by forum/posts/migrations/0010: a vector's adjacent words as pair lexemes ("night train").
WORD_PAIRS_FUNCTION = "forum_word_pairs"


def stores_vectors():
    return connection.vendor == "postgresql"


def config():
    """The text search configuration (language) of every vector and query."""
    return settings.FORUM_SEARCH_CONFIG


def own_html():
    """The post's HTML without the posts it quotes, as SQL."""
    return Func(F("body_html"), function=OWN_HTML_FUNCTION, output_field=TextField())


def post_vector():
    """A post's vector, as SQL over its row: own words weighted B, and for the opening post
    its thread's title weighted A."""
    body = SearchVector(own_html(), config=config(), weight="B")
    title = Subquery(Thread.objects.filter(pk=OuterRef("thread_id")).values("title")[:1])
    return Case(
        When(position=1, then=SearchVector(title, config=config(), weight="A") + body),
        default=body,
        output_field=SearchVectorField(),
    )


def word_pairs(vector):
    """The adjacent words of ``vector`` (SQL) as pair lexemes, "night train", as SQL."""
    return Func(vector, function=WORD_PAIRS_FUNCTION, output_field=SearchVectorField())


def new_post_search_fields(*, body_html, position, title, board_id):
    """What ``index_posts`` stores for a post (its vector, word pairs and board), made from a
    new post's values instead of its row, for the post's INSERT to write itself (no second
    UPDATE of the row); nothing where vectors are not stored."""
    if not stores_vectors():
        return {}
    own = Func(Value(body_html), function=OWN_HTML_FUNCTION, output_field=TextField())
    vector = SearchVector(own, config=config(), weight="B")
    if position == 1:
        vector = SearchVector(Value(title), config=config(), weight="A") + vector
    return {
        "search_vector": vector,
        "search_pairs": word_pairs(vector),
        "search_board_id": board_id,
    }


def index_posts(posts):
    """Store the vector of every post of the queryset ``posts``, its word pairs and its
    thread's board, in one UPDATE; return how many (0 where vectors are not stored)."""
    if not stores_vectors():
        return 0
    # The vector is made twice, as PostgreSQL reads a column's old value on the right of SET;
    # a second UPDATE would cost more (a second version of every row).
    return posts.update(
        search_vector=post_vector(),
        search_pairs=word_pairs(post_vector()),
        search_board=Subquery(
            Thread.objects.filter(pk=OuterRef("thread_id")).values("board_id")[:1]
        ),
    )


def index_in_batches(posts, *, batch_size=5000, advance=None):
    """Store the vectors of the queryset ``posts`` by ranges of ``batch_size`` ids, one UPDATE
    (and, outside a transaction, one short transaction) each, so a live forum is never locked
    for long; ``advance(count)`` is called after each range with the ids it covered. Returns
    how many posts were indexed."""
    if not stores_vectors():
        return 0
    bounds = posts.order_by().aggregate(first=Min("pk"), last=Max("pk"))
    if bounds["first"] is None:
        return 0
    done = 0
    for start in range(bounds["first"], bounds["last"] + 1, batch_size):
        done += index_posts(posts.filter(pk__gte=start, pk__lt=start + batch_size))
        if advance is not None:
            advance(min(batch_size, bounds["last"] + 1 - start))
    return done


def index_replies_by_body(*, batch_size=250_000, advance=None):
    """Store the vector and word pairs of every post but the opening ones (which carry their
    thread's title: ``index_posts`` those), making each distinct body's once: for a bulk load
    whose posts share their bodies (``generate_forum``'s pool of a few thousand, reused by
    millions of posts), where making them post by post would take most of an hour. The same
    vectors ``index_posts`` makes (tests/posts/test_indexing.py holds them equal). Updates by
    ranges of ``batch_size`` ids, calling ``advance(count)`` after each; returns how many."""
    if not stores_vectors():
        return 0
    with connection.cursor() as cursor:
        # The distinct bodies and their vectors are hashed in memory, not spilled to disk.
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("DROP TABLE IF EXISTS forum_body_vectors")
        cursor.execute(
            "CREATE TEMPORARY TABLE forum_body_vectors ON COMMIT DROP AS "
            "SELECT body_html, setweight(to_tsvector(%s::regconfig, "
            f"COALESCE({OWN_HTML_FUNCTION}(body_html), '')), 'B') AS vector "
            "FROM (SELECT DISTINCT body_html FROM posts_post WHERE position <> 1) AS bodies",
            [config()],
        )
        cursor.execute("ALTER TABLE forum_body_vectors ADD COLUMN pairs tsvector")
        cursor.execute(f"UPDATE forum_body_vectors SET pairs = {WORD_PAIRS_FUNCTION}(vector)")
        cursor.execute("ANALYZE forum_body_vectors")
        cursor.execute("SELECT min(id), max(id) FROM posts_post")
        first, last = cursor.fetchone()
        done = 0
        for start in range(first or 0, (last or -1) + 1, batch_size):
            cursor.execute(
                "UPDATE posts_post SET search_vector = bodies.vector, search_pairs = bodies.pairs, "
                "search_board_id = threads.board_id "
                "FROM forum_body_vectors AS bodies, threads_thread AS threads "
                "WHERE posts_post.body_html = bodies.body_html "
                "AND threads.id = posts_post.thread_id "
                "AND posts_post.position <> 1 AND posts_post.id >= %s AND posts_post.id < %s",
                [start, start + batch_size],
            )
            done += cursor.rowcount
            if advance is not None:
                advance(min(batch_size, last + 1 - start))
        cursor.execute("DROP TABLE forum_body_vectors")
    return done
