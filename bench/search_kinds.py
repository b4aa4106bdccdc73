"""What each kind of search costs in-process: ``forum.search.backend.search`` timed alone, per
kind, on the queries ``bench/run`` times over HTTP (``django_side.search_queries``, same seed).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/forum_large \
        .venv/bin/python bench/search_kinds.py
    .venv/bin/python bench/search_kinds.py --kind phrase --kind "by member"

No HTTP server, page rendering or rate limit: the figures are the search's own queries, which
is what an index or a query plan changes. Read EXPLAIN (ANALYZE, BUFFERS) for the why.
"""

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="queries (default 200)")
    parser.add_argument("--kind", action="append", help="time only this kind (repeatable)")
    parser.add_argument(
        "--untimed",
        type=int,
        default=1,
        help="passes over the queries before the timed one (default 1, as bench/run does)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    import django_side
    from django.contrib.auth.models import AnonymousUser

    from forum.search.backend import Filters, Refused, search

    times = {}
    queries = [
        query
        for query in django_side.search_queries(args.count)
        if not args.kind or query["kind"] in args.kind
    ]
    for timed, query in [(n == args.untimed, q) for n in range(args.untimed + 1) for q in queries]:
        params = {key: values[0] for key, values in parse_qs(urlsplit(query["path"]).query).items()}
        filters = Filters(
            titles_only=bool(params.get("titles_only")),
            board=int(params["board"]) if "board" in params else None,
            newest_first=params.get("order") == "newest",
        )
        started = time.perf_counter()
        with contextlib.suppress(Refused):
            search(
                params["q"], user=AnonymousUser(), filters=filters, page=int(params.get("page", 1))
            )
        if timed:
            times.setdefault(query["kind"], []).append((time.perf_counter() - started) * 1000)
    every = [ms for kind in times.values() for ms in kind]
    for kind, values in [*times.items(), ("all", every)]:
        print(
            f"{kind:14} {len(values):4} queries  p50 {statistics.median(values):7.1f} ms  "
            f"p95 {percentile(values, 0.95):7.1f} ms  max {max(values):7.1f} ms"
        )


if __name__ == "__main__":
    main()
