"""The search interface: ``search(query, user=, filters=, page=)`` → one page of hits.

Views, templates and commands know only this module. Behind it, the stored vectors of
PostgreSQL (``postgres.py``), or a plain scan of the text where vectors are not stored
(``simple.py``, SQLite). Moving to a dedicated engine (OpenSearch, Meilisearch) means one
more module like those two, answering the same ``Filters`` with the same ``HitPage``, and the
indexing calls of the services sending documents to it (README, "Search").

What a viewer may see is not decided here: each implementation starts from the posts' and
threads' ``visible_to(user)``, which asks ``forum.permissions``.
"""

import re
from dataclasses import replace

from django.conf import settings
from django.db import connection

from forum.search import postgres, simple
from forum.search.hits import Filters, HitPage, Refused

__all__ = ["Filters", "HitPage", "Refused", "search", "split_member"]


_BY = re.compile(r"(?<!\S)by:(\S*)", re.IGNORECASE)


def split_member(query):
    """``(words, member)``: ``by:name`` taken out of ``query``; the last one wins."""
    members = [name for name in _BY.findall(query) if name]
    words = " ".join(_BY.sub(" ", query).split())
    return words, (members[-1] if members else "")


def check_length(query):
    limit = settings.FORUM_SEARCH_MAX_LENGTH
    if len(query) > limit:
        raise Refused(
            f"Search for at most {limit} characters; this has {len(query)}. "
            "Take out a few words and search again."
        )


def search(query, *, user, filters=None, page=1):
    """The hits of ``query`` (words, "phrases", -exclusions, OR, ``by:name``) that ``user``
    may read, narrowed by ``filters``: page ``page`` (the last one when past it).

    Raises ``Refused`` for a query that cannot be searched: nothing to look for, too long,
    only words too common to search for (stop words), or only exclusions.
    """
    filters = filters or Filters()
    check_length(query)
    words, member = split_member(query)
    if member:
        filters = replace(filters, member=member)
    if not words and not filters.member:
        raise Refused("Type a word to look for (or by:name to find a member's posts).")
    engine = postgres if connection.vendor == "postgresql" else simple
    return engine.search(words, user=user, filters=filters, page=max(page, 1))
