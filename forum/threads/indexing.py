"""The words a thread's title is found by in "titles only" searches: a stored vector kept
current by the services that create and rename threads (PostgreSQL only; elsewhere nothing
is stored and search reads the titles). The posts' vectors are ``forum/posts/indexing.py``'s.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection


def title_vector():
    return SearchVector("title", config=settings.FORUM_SEARCH_CONFIG)


def index_titles(threads):
    """Store the title vector of every thread of the queryset ``threads`` in one UPDATE;
    return how many (0 where vectors are not stored)."""
    if connection.vendor != "postgresql":
        return 0
    return threads.update(title_vector=title_vector())
