"""What a thread page of 20 posts costs in-process: milliseconds and queries per page.

    .venv/bin/python bench/thread_render.py                 # every case, 60 pages each
    .venv/bin/python bench/thread_render.py --only cold --pages 200
    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \\
        .venv/bin/python bench/thread_render.py --only cold --pages 20   # instructions, not time

Reads the database in DATABASE_URL (a forum made by ``generate_forum``: ``bench/run`` runs it on
its own one) and the cache in REDIS_URL, with DEBUG off, through Django's test client (no HTTP
server). The pages are those of the longest thread, 20 posts each:

- ``cold``: a visitor's page with nothing cached (a new FORUM_RELEASE each page: no page, post,
  author panel or likers entry is found), what a thread nobody read lately costs;
- ``warm``: a visitor's page that the shared page cache holds;
- ``member``: a logged-in member's page, rendered for them, its posts' pieces in the cache as
  after a first reading;
- ``member_cold``: a member's page with nothing cached.

Times are wall-clock per page: the best of the pages (least disturbed by other processes on a
shared machine) and the median. Query counts are per page.
"""

import argparse
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ.setdefault("CACHE_KEY_PREFIX", "bench-render")

CASES = ("cold", "warm", "member", "member_cold")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=60, help="pages measured per case")
    parser.add_argument("--only", choices=CASES, action="append", help="cases to run (default all)")
    parser.add_argument("--json", action="store_true", help="print JSON, not a table")
    return parser.parse_args(argv)


def measure(case, pages):
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from forum.threads.models import Thread

    thread = Thread.objects.filter(is_hidden=False).order_by("-last_position", "pk").first()
    if thread is None or thread.page_count < 2:
        raise SystemExit("the database holds no thread of more than one page (generate_forum)")
    client = Client(HTTP_HOST="127.0.0.1")
    if case.startswith("member"):
        reader = User.objects.filter(role="member", is_active=True).order_by("pk").first()
        client.force_login(reader)
    # Full pages only: the last one may be short.
    numbers = list(range(1, thread.page_count))
    urls = [thread.get_page_url(numbers[i % len(numbers)]) for i in range(pages)]
    base = f"render-{time.time()}"
    if case in ("warm", "member"):
        # One pass first: the page (or the member's posts' pieces) are in the cache after it.
        settings.FORUM_RELEASE = base
        for url in urls:
            client.get(url)
    times, queries = [], []
    for i, url in enumerate(urls):
        if case in ("cold", "member_cold"):
            settings.FORUM_RELEASE = f"{base}-{i}"
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured))
    return {
        "best_ms": min(times),
        "median_ms": statistics.median(times),
        "queries": max(queries),
        "pages": pages,
        "posts_per_page": settings.FORUM_POSTS_PER_PAGE,
    }


def main(argv):
    args = parse_args(argv)
    import django

    django.setup()
    results = {case: measure(case, args.pages) for case in (args.only or CASES)}
    if args.json:
        print(json.dumps(results))
        return
    print("| thread page, 20 posts, in-process | best ms | median ms | queries |")
    print("|---|---:|---:|---:|")
    for case, result in results.items():
        print(
            f"| {case} | {result['best_ms']:.2f} | {result['median_ms']:.2f} | "
            f"{result['queries']} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
