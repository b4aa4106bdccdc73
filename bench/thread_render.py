"""What a thread page of 20 posts costs in-process: milliseconds and queries per page.

    .venv/bin/python bench/thread_render.py                 # every case, 60 pages each
    .venv/bin/python bench/thread_render.py --only cold --pages 200
    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \\
        .venv/bin/python bench/thread_render.py --only cold --pages 20   # instructions, not time

Reads the database in DATABASE_URL (a forum made by ``generate_forum``: ``bench/run`` runs it on
its own one) and the cache in REDIS_URL, with DEBUG off, through Django's test client (no HTTP
server). The pages are those of the longest thread, 20 posts each:

- ``cold``: a visitor's page that no one read lately: neither the page nor its posts are in the
  cache (each page is read once, under a FORUM_RELEASE of the run's own), while its authors'
  panels are there once an earlier page showed them, as on a forum whose members post in many
  threads;
- ``cold_all``: a visitor's page with nothing at all cached (a new FORUM_RELEASE each page: no
  page, post or author panel is found);
- ``warm``: a visitor's page that the shared page cache holds;
- ``member``: a logged-in member's page, rendered for them, its posts' pieces in the cache as
  after a first reading;
- ``member_cold``: a member's page with nothing cached.

Times are per page, wall-clock and this process's CPU time (which waits for the database and
Redis leave out, and other processes on a shared machine disturb less): the best of the pages
and the median. Query counts are per page.
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


def configure():
    """Production's settings as far as rendering goes (DEBUG off), before Django starts."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ.setdefault("CACHE_KEY_PREFIX", "bench-render")


CASES = ("cold", "cold_all", "warm", "member", "member_cold")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=60, help="pages measured per case")
    parser.add_argument("--only", choices=CASES, action="append", help="cases to run (default all)")
    parser.add_argument("--json", action="store_true", help="print JSON, not a table")
    parser.add_argument(
        "--thread", type=int, help="the thread whose pages are rendered (default the longest)"
    )
    return parser.parse_args(argv)


def measure(case, pages, thread_id=None):
    from django.conf import settings
    from django.test import Client

    from accounts.models import User
    from forum.threads.models import Thread

    threads = Thread.objects.filter(is_hidden=False)
    if thread_id is not None:
        threads = threads.filter(pk=thread_id)
    thread = threads.order_by("-last_position", "pk").first()
    if thread is None or thread.page_count < 3:
        raise SystemExit("the database holds no thread of more than one page (generate_forum)")
    client = Client(HTTP_HOST="127.0.0.1")
    if case.startswith("member"):
        reader = User.objects.filter(role="member", is_active=True).order_by("pk").first()
        client.force_login(reader)
    # Full pages only: the last one may be short.
    numbers = list(range(1, thread.page_count))
    urls = [thread.get_page_url(numbers[i % len(numbers)]) for i in range(pages)]
    base = f"render-{time.time()}"
    settings.FORUM_RELEASE = base
    if case in ("warm", "member"):
        # One pass first: the page (or the member's posts' pieces) are in the cache after it.
        for url in urls:
            client.get(url)
    times, cpu, queries = [], [], []
    for i, url in enumerate(urls):
        if case in ("cold_all", "member_cold") or (case == "cold" and i % len(numbers) == 0):
            settings.FORUM_RELEASE = f"{base}-{i}"
        response, ms, cpu_ms, asked = timed(lambda url=url: client.get(url))
        assert response.status_code == 200, (url, response.status_code)
        times.append(ms)
        cpu.append(cpu_ms)
        queries.append(asked)
    return {
        **timings(times, cpu),
        "queries": max(queries),
        "pages": pages,
        "posts_per_page": settings.FORUM_POSTS_PER_PAGE,
    }


def timed(call):
    """``call()``'s response, with its wall-clock and CPU milliseconds and its queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started, started_cpu = time.perf_counter(), time.process_time()
        response = call()
        ms = (time.perf_counter() - started) * 1000
        cpu_ms = (time.process_time() - started_cpu) * 1000
    return response, ms, cpu_ms, len(captured)


def timings(times, cpu):
    """Best and median of the wall-clock and CPU milliseconds measured."""
    return {
        "best_ms": min(times),
        "median_ms": statistics.median(times),
        "best_cpu_ms": min(cpu),
        "median_cpu_ms": statistics.median(cpu),
    }


def main(argv):
    args = parse_args(argv)
    configure()
    import django

    django.setup()
    results = {case: measure(case, args.pages, args.thread) for case in (args.only or CASES)}
    if args.json:
        print(json.dumps(results))
        return
    print(TABLE_HEAD)
    for case, result in results.items():
        print(table_row(case, result))


TABLE_HEAD = (
    "| thread page, 20 posts, in-process | best ms | median ms | CPU ms best | CPU ms median "
    "| queries |\n|---|---:|---:|---:|---:|---:|"
)


def table_row(case, result):
    return (
        f"| {case} | {result['best_ms']:.2f} | {result['median_ms']:.2f} | "
        f"{result['best_cpu_ms']:.2f} | {result['median_cpu_ms']:.2f} | {result['queries']} |"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
