"""Fill bench_ourforum with the peer benchmark's data through the forum's own generator.

``generate_forum --preset bench`` builds exactly the spec of ``common/benchgen.py`` (which the
forum re-implements, so that it needs nothing from outside); this script checks the two agree,
generates, and writes the four URLs.
"""

import sys

import benchgen as G
import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from forum.generator import benchspec  # noqa: E402
from forum.threads.models import Thread  # noqa: E402

for t in range(0, G.N_THREADS, 97):
    assert benchspec.thread_title(t) == G.thread_title(t)
    for j in range(G.posts_in_thread(t)):
        assert benchspec.post_text(t, j) == G.post_text(t, j), (t, j)
        assert benchspec.poster_index(t, j) == G.poster_index(t, j)
        assert benchspec.post_time(t, j) == G.post_time(t, j)

assert not Thread.objects.exists(), "the database already holds threads"
with G.Timer("generate_forum --preset bench"):
    call_command("generate_forum", "--preset", "bench")

big = Thread.objects.get(title=G.thread_title(G.BIG_THREAD_INDEX))
G.write_urls(
    sys.argv[1],
    "ourforum",
    big_first=big.get_absolute_url(),
    big_last=big.get_page_url(big.page_count),
    forum=big.board.get_absolute_url(),
    index="/",
    page_size=settings.FORUM_POSTS_PER_PAGE,
    forum_page_size=settings.FORUM_THREADS_PER_PAGE,
)
