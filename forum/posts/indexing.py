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


def new_post_vector(*, body_html, position, title):
    """The vector ``post_vector`` makes, from a new post's values instead of its row, to be
    written by the post's INSERT itself; None where vectors are not stored."""
    if not stores_vectors():
        return None
    own = Func(Value(body_html), function=OWN_HTML_FUNCTION, output_field=TextField())
    body = SearchVector(own, config=config(), weight="B")
    if position == 1:
        return SearchVector(Value(title), config=config(), weight="A") + body
    return body


def index_posts(posts):
    """Store the vector of every post of the queryset ``posts`` in one UPDATE; return how
    many (0 where vectors are not stored)."""
    if not stores_vectors():
        return 0
    return posts.update(search_vector=post_vector())


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
