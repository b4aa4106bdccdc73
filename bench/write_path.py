"""What one reply and one like cost in-process: milliseconds and queries per request.

    .venv/bin/python bench/write_path.py                    # 100 replies and 100 likes
    .venv/bin/python bench/write_path.py --requests 300 --profile reply  # where the time goes

Writes to the database in DATABASE_URL (a forum made by ``generate_forum``: ``bench/run`` runs
it on its own one) and the cache in REDIS_URL, with DEBUG off, through Django's test client (no
HTTP server), as ``bench/run``'s HTTP writers do: a member POSTs the reply form of a random
thread, then likes a random post of someone else, and is answered with a redirect. Flood
control is off; the task backend is the database one (alerts and mails are queued rows).

Times are per request, wall-clock and this process's CPU time (which waits for the database and
Redis leave out, and other processes on a shared machine disturb less): the best and the median.
Query counts are per request: the median request's, and the most any asked.
"""

import argparse
import cProfile
import json
import os
import pstats
import random
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from thread_render import timed, timings  # noqa: E402

KINDS = ("reply", "like")


def configure():
    """Production's settings as far as writing goes (DEBUG off, no flood control)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["FORUM_FLOOD_INTERVAL"] = "0"
    os.environ.setdefault("CACHE_KEY_PREFIX", "bench-writes")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100, help="requests measured per kind")
    parser.add_argument("--profile", choices=KINDS, help="print a cProfile of this kind instead")
    parser.add_argument("--json", action="store_true", help="print JSON, not a table")
    return parser.parse_args(argv)


def writer_client():
    """A logged-in member's test client, with the CSRF checks a browser passes."""
    from django.test import Client

    from accounts.models import User

    member = User.objects.filter(role="member", is_active=True, is_banned=False).order_by("pk")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(member.first())
    return client, member.first()


def requests(client, member, count, seed=None):
    """``count`` (kind, function) pairs of each kind, as bench/run's writers send them."""
    from forum.posts.models import Post
    from forum.threads.models import Thread

    rng = random.Random(seed or time.time())
    threads = list(
        Thread.objects.filter(is_hidden=False, is_locked=False).values_list("pk", flat=True)
    )
    posts = list(
        Post.objects.filter(is_hidden=False, thread__is_hidden=False, thread__is_locked=False)
        .exclude(author=member)
        .values_list("pk", flat=True)
    )
    likeable = rng.sample(posts, min(count, len(posts)))

    def reply():
        path = f"/threads/{rng.choice(threads)}/reply/"
        body = {"body": "A reply measured in-process.", "token": uuid.uuid4()}
        return client.post(path, body)

    def like():
        return client.post(f"/posts/{likeable.pop()}/like/")

    return {"reply": reply, "like": like}


def measure(kind, count):
    client, member = writer_client()
    send = requests(client, member, count + 5)[kind]
    for _ in range(5):  # settle what any first request loads (templates, content types)
        send()
    times, cpu, queries = [], [], []
    for _ in range(count):
        response, ms, cpu_ms, asked = timed(send)
        assert response.status_code == 302, (kind, response.status_code)
        times.append(ms)
        cpu.append(cpu_ms)
        queries.append(asked)
    return {
        **timings(times, cpu),
        # Most requests ask the same; a few ask more (a promotion, the permissions cache refilled
        # after one): the typical count, and the most.
        "queries": int(statistics.median(queries)),
        "max_queries": max(queries),
        "requests": count,
    }


def profile(kind, count):
    client, member = writer_client()
    send = requests(client, member, count + 5)[kind]
    for _ in range(5):
        send()
    profiler = cProfile.Profile(time.process_time)  # CPU time: waits for the database left out
    profiler.enable()
    for _ in range(count):
        send()
    profiler.disable()
    # PROFILE_SORT=tottime shows where the CPU goes rather than what called it.
    order = os.environ.get("PROFILE_SORT", "cumulative")
    pstats.Stats(profiler).sort_stats(order).print_stats(int(os.environ.get("PROFILE_LINES", "45")))


def main(argv):
    args = parse_args(argv)
    configure()
    import django

    django.setup()
    if args.profile:
        profile(args.profile, args.requests)
        return
    results = {kind: measure(kind, args.requests) for kind in KINDS}
    if args.json:
        print(json.dumps(results))
        return
    print(TABLE_HEAD)
    for kind, result in results.items():
        print(table_row(kind, result))


TABLE_HEAD = (
    "| one write through its view, in-process | best ms | median ms | CPU ms best "
    "| CPU ms median | queries (most) |\n|---|---:|---:|---:|---:|---:|"
)


def table_row(kind, result):
    return (
        f"| {kind} | {result['best_ms']:.2f} | {result['median_ms']:.2f} | "
        f"{result['best_cpu_ms']:.2f} | {result['median_cpu_ms']:.2f} | {result['queries']} "
        f"({result['max_queries']}) |"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
