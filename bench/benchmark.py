"""Serve the forum as production does and measure it; ``bench/run --help`` says how.

Steps: a database of its own filled by ``generate_forum``, collectstatic, gunicorn (2 sync
workers, gunicorn.conf.py) on PostgreSQL and Redis, then for every page a curl for status and
bytes, a wrk warm-up, and ``wrk -t2 -c8 -d10s --latency``; the workers' peak RSS; query counts
through Django's test client; and the write path (8 concurrent writers). Prints one table and
writes var/bench/<preset>.json.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from thread_render import TABLE_HEAD, table_row  # noqa: E402
from write_path import TABLE_HEAD as WRITE_TABLE_HEAD  # noqa: E402
from write_path import table_row as write_table_row  # noqa: E402

BIN = Path(sys.executable).parent
OUT = ROOT / "var" / "bench"
# wrk's script for the random-thread workloads: a path from PATHS_FILE each request.
RANDOM_PATHS_SCRIPT = ROOT / "bench" / "random_paths.lua"
# Pages whose URL is a list of paths (one picked at random each request), not one path.
RANDOM_PAGES = ("random_threads", "member_random_threads")

PAGES = [
    ("index", "index"),
    ("board", "board page"),
    ("thread_first", "thread, first page"),
    ("thread_last", "thread, last page"),
    ("profile", "member profile"),
    # The peer benchmark's extra workloads (../shared/peer-bench/extra/bench_extra.sh) under
    # its names: pages no cache holds (each request a random thread of them all), and members'.
    ("random_threads", "random thread, first page (random_threads_anon)"),
    ("member_random_threads", "random thread, first page, logged in (random_threads_member)"),
    ("member_thread_first", "thread, first page, logged in (big_first_member)"),
    ("search", "search, a common word"),
    # A member's index and board page carry unread markers (forum.follow): rendered per member.
    ("member_index", "index, logged in"),
    ("member_board", "board page, logged in"),
]


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n")[0])
    parser.add_argument("--preset", default="bench", choices=["bench", "large", "tiny"])
    parser.add_argument("--duration", default="10s", help="wrk run per page (default 10s)")
    parser.add_argument("--warmup", default="3s", help="wrk warm-up per page (default 3s)")
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("BENCH_PORT", "0")) or None,
        help="gunicorn's port (default a free one; never 8100-8103, the peer benchmark's)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="default postgres://postgres@127.0.0.1:5432/forum_<preset>; BENCH_DATABASE_URL "
        "sets it too (a name of its own per person sharing a server: forum_bench_<name>)",
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database if it already holds the forum"
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="render every page (FORUM_PAGE_CACHE_SECONDS=0), to measure the rendering path",
    )
    parser.add_argument("--writers", type=int, default=8, help="concurrent writers (default 8)")
    parser.add_argument(
        "--write-seconds", type=float, default=10, help="length of the write run (0 skips it)"
    )
    parser.add_argument(
        "--search-queries",
        type=int,
        default=200,
        help="varied searches timed one after another (default 200; 0 skips them)",
    )
    parser.add_argument(
        "--no-reindex", action="store_true", help="skip timing manage.py reindex_search"
    )
    parser.add_argument(
        "--render-pages",
        type=int,
        default=60,
        help="thread pages rendered in-process per case (bench/thread_render.py; default 60)",
    )
    parser.add_argument(
        "--watchers",
        type=int,
        default=1000,
        help="members watching the thread of the watched-thread run (0 skips it; default 1000)",
    )
    parser.add_argument(
        "--write-requests",
        type=int,
        default=100,
        help="replies and likes timed in-process (bench/write_path.py; default 100; 0 skips)",
    )
    parser.add_argument(
        "--write-via",
        choices=["http", "services"],
        default="http",
        help="writers POST to the reply and like views (default), or call the services",
    )
    args = parser.parse_args(argv)
    args.port = args.port or free_port()
    return args


def free_port():
    """A port nobody listens on now (the kernel's pick), for gunicorn."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(args):
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        CACHE_KEY_PREFIX="bench",
        # Plain HTTP on the loopback: no redirect to HTTPS, cookies not limited to HTTPS.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        # Keys of this run only: no page cached by an earlier run (other code) can answer.
        FORUM_RELEASE=f"bench-{time.time()}",
        GUNICORN_BIND=f"127.0.0.1:{args.port}",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="1",
        GUNICORN_ACCESS_LOG="0",
        GUNICORN_LOG_LEVEL="warning",
        # Flood control keeps a member to one post in 20 s; the write path is measured here.
        FORUM_FLOOD_INTERVAL="0",
        # Search's rate limit (a visitor searches once in 3 s) would answer wrk with 429s:
        # lifted, so the searching itself is what is measured.
        FORUM_SEARCH_VISITOR_RATE="1000000/1",
        FORUM_SEARCH_MEMBER_RATE="1000000/1",
        PYTHONPATH=str(ROOT),
    )
    if args.no_page_cache:
        env["FORUM_PAGE_CACHE_SECONDS"] = "0"
    return env


def run(command, env, **kwargs):
    return subprocess.run(command, env=env, cwd=ROOT, check=True, text=True, **kwargs)


def manage(env, *arguments, **kwargs):
    return run([str(BIN / "python"), "manage.py", *arguments], env, **kwargs)


def django_side(env, *arguments):
    command = [str(BIN / "python"), "bench/django_side.py", *arguments]
    return run(command, env, capture_output=True).stdout.strip()


def holds_forum(env):
    command = [str(BIN / "python"), "bench/django_side.py", "urls"]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True).returncode == 0


def ensure_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare(args, env):
    ensure_database(args.database_url)
    manage(env, "migrate", "--noinput", "-v0")
    generated = not (args.reuse and holds_forum(env))
    if generated:
        # A new forum: the thread an earlier one pinned is gone.
        pin_file(args.database_url).unlink(missing_ok=True)
        manage(env, "generate_forum", "--preset", args.preset, "--force")
        if args.preset != "tiny":
            import psycopg

            with psycopg.connect(args.database_url, autocommit=True) as connection:
                connection.execute("VACUUM ANALYZE")
    manage(env, "collectstatic", "--noinput", "-v0")


def pin_file(database_url):
    """Where the id of the thread measured on this database is kept between runs."""
    return OUT / f"pinned-{database_url.rsplit('/', 1)[1]}.json"


def pinned_thread(database_url):
    """The thread an earlier run on this database measured, or None."""
    try:
        return json.loads(pin_file(database_url).read_text())["thread"]
    except (OSError, ValueError, KeyError):
        return None


def pin_thread(database_url, thread_id):
    pin_file(database_url).write_text(json.dumps({"thread": thread_id}))


def write_paths(path, paths):
    """One path a line, as ``random_paths.lua`` reads them."""
    path.write_text("".join(f"{line}\n" for line in paths))
    return path


def start_server(args, env):
    log = open(OUT / "gunicorn.log", "w")  # noqa: SIM115 (closed with the server)
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{args.port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return server, base
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {OUT / 'gunicorn.log'}") from None
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server):
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def workers_of(server):
    children = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{server.pid}$", text, re.M):
            children.append(text)
    return children


def peak_rss_mib(server):
    return [
        int(re.search(r"^VmHWM:\s+(\d+) kB", text, re.M).group(1)) / 1024
        for text in workers_of(server)
    ]


def fetch(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, len(response.read())


def to_ms(value):
    number = float(re.match(r"[\d.]+", value).group(0))
    unit = value[len(re.match(r"[\d.]+", value).group(0)) :]
    return number * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url, duration, cookie=None, paths_file=None):
    """``wrk -t2 -c8`` on ``url``, or with ``paths_file`` on a random one of its paths each
    request (``url`` then gives the server); the figures of its report."""
    command = ["wrk", "-t2", "-c8", f"-d{duration}", "--timeout", "30s", "--latency"]
    env = None
    if paths_file is not None:
        command += ["-s", str(RANDOM_PATHS_SCRIPT)]
        env = {**os.environ, "PATHS_FILE": str(paths_file), "COOKIE": cookie or ""}
    elif cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, url], check=True, capture_output=True, text=True, env=env
    ).stdout
    return parse_wrk(output)


def parse_wrk(output):
    """req/s, p50 and p99 in ms, non-2xx responses and socket errors of a ``wrk --latency``
    report."""
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p99_ms": to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def search_latency(base, env, count):
    """Each of ``count`` varied search pages timed alone, over one keep-alive connection, after
    one untimed pass over them all (so PostgreSQL's buffers hold what they need, as on a
    forum searched all day): p50, p95, max, per kind too, and how many found something."""
    queries = json.loads(django_side(env, "search_queries", str(count)))
    host = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
    timings, found = {}, 0
    for timed in (False, True):
        for query in queries:
            started = time.perf_counter()
            connection.request("GET", query["path"])
            response = connection.getresponse()
            body = response.read().decode()
            elapsed = (time.perf_counter() - started) * 1000
            if response.status != 200:
                raise SystemExit(f"{query['path']} answered {response.status}")
            if timed:
                timings.setdefault(query["kind"], []).append(elapsed)
                found += 'class="search-hit"' in body
    connection.close()
    every = [ms for values in timings.values() for ms in values]
    return {
        "queries": len(every),
        "found_something": found,
        "p50_ms": _percentile(every, 0.5),
        "p95_ms": _percentile(every, 0.95),
        "max_ms": max(every),
        "by_kind": {
            kind: {"p50_ms": _percentile(v, 0.5), "p95_ms": _percentile(v, 0.95), "n": len(v)}
            for kind, v in timings.items()
        },
    }


class HttpWriter(threading.Thread):
    """One member replying and liking through the forum's own forms, on one keep-alive
    connection, until the deadline: a reply, then a like, again and again."""

    def __init__(self, port, member, work, deadline, seed):
        super().__init__()
        self.port, self.member, self.work, self.deadline = port, member, work, deadline
        self.rng = random.Random(seed)
        self.replies = self.likes = self.errors = 0
        self.problems = []

    def request(self, method, path, body=None):
        headers = {"Cookie": self.cookie}
        if body is not None:
            body = urllib.parse.urlencode({**body, "csrfmiddlewaretoken": self.csrf})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        response.read()
        return response

    def run(self):
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        self.cookie = f"sessionid={self.member['session']}"
        # The reply page sets the CSRF cookie a browser would get.
        response = self.request("GET", f"/threads/{self.work['threads'][0]}/reply/")
        self.csrf = re.search(r"csrftoken=(\w+)", response.getheader("Set-Cookie")).group(1)
        self.cookie += f"; csrftoken={self.csrf}"
        likeable = [pk for pk, author in self.work["posts"] if author != self.member["pk"]]
        while time.monotonic() < self.deadline:
            thread = self.rng.choice(self.work["threads"])
            body = {"body": f"A reply from member {self.member['pk']}.", "token": uuid.uuid4()}
            self.check(self.request("POST", f"/threads/{thread}/reply/", body), "replies")
            post = self.rng.choice(likeable)
            self.check(self.request("POST", f"/posts/{post}/like/", {}), "likes")
        self.connection.close()

    def check(self, response, counter):
        # Both views answer a plain form with a redirect to the post; anything else is an error.
        if response.status == 302:
            setattr(self, counter, getattr(self, counter) + 1)
        else:
            self.errors += 1
            self.problems.append(response.status)


def http_writers(args, env):
    """``args.writers`` members writing at once over HTTP; the database says what was made."""
    work = json.loads(django_side(env, "writing", str(args.writers)))
    before = json.loads(django_side(env, "counts"))
    deadline = time.monotonic() + args.write_seconds
    writers = [
        HttpWriter(args.port, member, work, deadline, seed=f"{i}-{time.time()}")
        for i, member in enumerate(work["members"])
    ]
    started = time.monotonic()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    elapsed = time.monotonic() - started
    # Recounting millions of rows takes longer than the run: checked on small forums.
    check = ["--check"] if args.preset != "large" else []
    after = json.loads(django_side(env, "counts", *check))
    replies = after["posts"] - before["posts"]
    likes = after["likes"] - before["likes"]
    return {
        "via": "http",
        "writers": len(writers),
        "seconds": elapsed,
        "replies": replies,
        "likes": likes,
        "replies_per_s": replies / elapsed,
        "likes_per_s": likes / elapsed,
        "requests_answered": sum(w.replies + w.likes for w in writers),
        "errors": sum(w.errors for w in writers),
        "error_statuses": sorted({status for w in writers for status in w.problems}),
        "stale_counters": after["stale"],
    }


def main(argv):
    args = parse_args(argv)
    args.database_url = args.database_url or (
        f"postgres://postgres@127.0.0.1:5432/forum_{args.preset}"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    env = environment(args)
    print(f"== preparing {args.database_url} ({args.preset})", flush=True)
    prepare(args, env)
    pinned = pinned_thread(args.database_url)
    info = json.loads(django_side(env, "urls", *([str(pinned)] if pinned else [])))
    pin_thread(args.database_url, info["thread"])
    cookie_value = django_side(env, "session", info["reader"])
    cookie = f"sessionid={cookie_value}"
    thread_paths = json.loads(django_side(env, "thread_paths"))
    paths_file = write_paths(OUT / f"threads-{args.preset}.txt", thread_paths)
    info["random_threads"] = thread_paths[len(thread_paths) // 2]  # one of them, for its queries
    paths = {name: info[name.removeprefix("member_")] for name, _ in PAGES}

    server, base = start_server(args, env)
    results = {}
    try:
        for name, label in PAGES:
            url = base + paths[name]
            page_cookie = cookie if name.startswith("member_") else None
            status, size = fetch(url, page_cookie)
            if status != 200:
                raise SystemExit(f"{url} answered {status}")
            results[name] = {"label": label, "path": paths[name], "bytes": size}
            if name in RANDOM_PAGES:
                results[name]["path"] = f"{len(thread_paths):,} threads' first pages"
                wrk(base, args.warmup, page_cookie, paths_file)
                results[name].update(wrk(base, args.duration, page_cookie, paths_file))
            else:
                wrk(url, args.warmup, page_cookie)
                results[name].update(wrk(url, args.duration, page_cookie))
            print(f"   {label:32} {results[name]['rps']:8.1f} req/s", flush=True)
        searches = None
        if args.search_queries > 0:
            print(f"== {args.search_queries} varied searches, one at a time", flush=True)
            searches = search_latency(base, env, args.search_queries)
        rss = peak_rss_mib(server)
        writes = None
        if args.write_seconds > 0 and args.write_via == "http":
            print(f"== write path: {args.writers} writers for {args.write_seconds:g}s", flush=True)
            writes = http_writers(args, env)
    finally:
        stop_server(server)

    spec = OUT / "queries-input.json"
    spec.write_text(json.dumps({"pages": paths, "cookie": cookie_value}))
    queries = json.loads(django_side(env, "queries", str(spec)))
    for name in results:
        results[name]["queries"] = queries[name]

    # In-process, no server: what rendering a thread page costs when no cache holds it.
    render = json.loads(
        run(
            [
                str(BIN / "python"),
                "bench/thread_render.py",
                "--json",
                "--pages",
                str(args.render_pages),
                "--thread",
                str(info["thread"]),
            ],
            env,
            capture_output=True,
        ).stdout
    )

    # In-process, no server: what one reply and one like cost through their views.
    write_path = None
    if args.write_requests > 0:
        print(f"== {args.write_requests} replies and likes in-process", flush=True)
        command = [str(BIN / "python"), "bench/write_path.py", "--json"]
        command += ["--requests", str(args.write_requests)]
        write_path = json.loads(run(command, env, capture_output=True).stdout)

    if args.write_seconds > 0 and args.write_via == "services":
        print(f"== write path: {args.writers} writers for {args.write_seconds:g}s", flush=True)
        arguments = ["writers", str(args.write_seconds), str(args.writers)]
        writes = {**json.loads(django_side(env, *arguments)), "via": "services"}

    if searches is not None:
        searches["sizes"] = json.loads(django_side(env, "search_sizes"))
        if not args.no_reindex:
            print("== manage.py reindex_search", flush=True)
            started = time.monotonic()
            manage(env, "reindex_search", "--no-progress", capture_output=True)
            searches["reindex_seconds"] = time.monotonic() - started
    watched = None
    if args.write_seconds > 0 and args.watchers > 0:
        print(f"== replies to a thread watched by {args.watchers:,} members", flush=True)
        arguments = ["watched", str(args.write_seconds), str(args.watchers), str(info["thread"])]
        watched = json.loads(django_side(env, *arguments))
        print("== the worker delivers their alerts and mails (manage.py db_worker)", flush=True)
        mail_dir = OUT / "mail"
        shutil.rmtree(mail_dir, ignore_errors=True)
        worker_env = {
            **env,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
        }
        started = time.monotonic()
        manage(worker_env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
        watched["worker_seconds"] = time.monotonic() - started
        delivered = json.loads(django_side(env, "delivered", str(watched["thread"])))
        watched.update(delivered)
        watched["mails"] = sum(
            path.read_text(errors="replace").count("List-Unsubscribe-Post: ")
            for path in mail_dir.glob("*")
        )

    report = {
        "preset": args.preset,
        "page_cache": not args.no_page_cache,
        "duration": args.duration,
        "thread_posts": info["thread_posts"],
        "pages": results,
        "worker_peak_rss_mib": rss,
        "writes": writes,
        "write_path": write_path,
        "search": searches,
        "render": render,
        "watched": watched,
        "wrk": f"wrk -t2 -c8 -d{args.duration} --latency",
    }
    name = args.preset + ("-nocache" if args.no_page_cache else "")
    (OUT / f"{name}.json").write_text(json.dumps(report, indent=2))
    print_table(report)
    print_watched(report["watched"])
    print(f"\n(raw figures: {OUT / f'{name}.json'})")


def print_table(report):
    cache = "page cache on" if report["page_cache"] else "page cache off"
    print(
        f"\n## {report['preset']} preset ({report['thread_posts']:,}-post thread), {cache}, "
        f"gunicorn 2 sync workers, {report['wrk']}\n"
    )
    print(
        "| page | req/s | p50 ms | p99 ms | queries (cached / rendered) | bytes | non-2xx |\n"
        "|---|---:|---:|---:|---:|---:|---:|"
    )
    for page in report["pages"].values():
        q = page["queries"]
        print(
            f"| {page['label']} `{page['path']}` | {page['rps']:,.1f} | {page['p50_ms']:.2f} | "
            f"{page['p99_ms']:.2f} | {q['warm']} / {q['cold']} | {page['bytes']:,} | "
            f"{page['non_2xx']} |"
        )
    render = report.get("render")
    if render:
        print(f"\n{TABLE_HEAD}")
        for case, figures in render.items():
            print(table_row(case, figures))
    write_path = report.get("write_path")
    if write_path:
        print(f"\n{WRITE_TABLE_HEAD}")
        for kind, figures in write_path.items():
            print(write_table_row(kind, figures))
    rss = ", ".join(f"{value:.1f}" for value in report["worker_peak_rss_mib"])
    print(f"\nWorker peak RSS (VmHWM): {rss} MiB")
    search = report.get("search")
    if search:
        print(
            f"\nSearch: {search['queries']} varied queries one at a time "
            f"({search['found_something']} found something): p50 {search['p50_ms']:.1f} ms, "
            f"p95 {search['p95_ms']:.1f} ms, max {search['max_ms']:.1f} ms"
        )
        for kind, figures in search["by_kind"].items():
            print(f"  {kind:14} p50 {figures['p50_ms']:7.1f} ms  p95 {figures['p95_ms']:7.1f} ms")
        sizes = search["sizes"]
        print(
            f"GIN index of the posts' vectors: {sizes['post_gin_bytes'] / 2**20:,.1f} MiB, of "
            f"their word pairs: {sizes['pairs_gin_bytes'] / 2**20:,.1f} MiB, for "
            f"{sizes['posts']:,} posts (posts table with its indexes and TOAST: "
            f"{sizes['posts_table_bytes'] / 2**20:,.1f} MiB); titles' GIN index: "
            f"{sizes['title_gin_bytes'] / 2**20:,.1f} MiB"
        )
        if "reindex_seconds" in search:
            print(f"manage.py reindex_search: {search['reindex_seconds']:.1f} s")
    writes = report["writes"]
    if writes:
        via = "HTTP POSTs to the reply and like views" if writes["via"] == "http" else "services"
        print(
            f"Write path ({writes.get('writers', 8)} concurrent writers, {via}), "
            f"{writes['seconds']:.1f}s: {writes['replies_per_s']:.1f} replies/s and "
            f"{writes['likes_per_s']:.1f} likes/s ({writes['replies']} replies, "
            f"{writes['likes']} likes), {writes['errors']} errors; stale counters afterwards: "
            f"{writes['stale_counters']}"
        )


def print_watched(watched):
    if not watched:
        return
    print(
        f"Replies to a thread watched by {watched['watchers']:,} members (one writer, services, "
        f"alerts and mails queued for the worker): {watched['replies_per_s']:.1f} replies/s "
        f"({watched['replies']} replies in {watched['seconds']:.1f}s). The worker then "
        f"delivered {watched['alerts']:,} alerts and {watched['mails']:,} mails (file backend) "
        f"in {watched['worker_seconds']:.1f}s, start-up included; "
        f"{watched['failures']} mail failures."
    )


if __name__ == "__main__":
    main(sys.argv[1:])
