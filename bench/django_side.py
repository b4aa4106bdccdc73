"""The benchmark's steps that need Django: page URLs, a member's session, query counts, writers.

Run by ``bench/run`` with the production settings it sets up (DEBUG off, PostgreSQL, Redis):

    python bench/django_side.py urls [THREAD]     # JSON: the pages to measure (THREAD: pinned)
    python bench/django_side.py thread_paths      # JSON: every visible thread's first page
    python bench/django_side.py session USERNAME  # a logged-in session's cookie value
    python bench/django_side.py queries URLS_JSON # JSON: queries and bytes per page
    python bench/django_side.py writers SECONDS WORKERS  # JSON: replies/s and likes/s (services)
    python bench/django_side.py watched SECONDS WATCHERS [THREAD]  # replies to a watched thread
    python bench/django_side.py writing N         # JSON: N members' sessions, threads, posts
    python bench/django_side.py counts            # JSON: posts, likes, stale counters
    python bench/django_side.py search_queries N  # JSON: N varied search pages to time
    python bench/django_side.py search_sizes      # JSON: the search indexes' sizes
"""

import json
import multiprocessing
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")


def setup():
    import django

    django.setup()


def long_thread(pinned=None):
    """The thread whose pages are measured: ``pinned`` (an id) while it exists and is visible,
    else the longest. The first run pins the longest, so that later runs on the same database
    measure it again even once replies (the watched-thread run's) made another one longer."""
    from forum.threads.models import Thread

    visible = Thread.objects.filter(is_hidden=False).select_related("board")
    if pinned is not None:
        thread = visible.filter(pk=pinned).first()
        if thread is not None:
            return thread
    return visible.order_by("-last_position", "pk").first()


def urls(pinned=None):
    """The pages: the long thread's first and last page, its board, the index, a profile."""
    from accounts.models import User

    thread = long_thread(pinned)
    if thread is None:
        raise SystemExit("this database holds no forum")
    # A member who posts often: their profile lists a full page of recent posts.
    member = User.objects.filter(is_active=True).order_by("-message_count", "pk").first()
    reader = User.objects.filter(role="member").order_by("pk").first()
    return {
        "index": "/",
        "board": thread.board.get_absolute_url(),
        "thread_first": thread.get_absolute_url(),
        "thread_last": thread.get_page_url(thread.page_count),
        "profile": member.get_absolute_url(),
        # A word of every generated post's vocabulary: many hits, ranked, counted to the cap.
        "search": "/search/?q=" + _common_words(1)[0],
        "reader": reader.username,
        "thread": thread.pk,
        "thread_posts": thread.last_position,
    }


def thread_paths():
    """The first page of every thread a visitor may read, in id order: what the random-thread
    workloads pick from (as the peer benchmark's ``extra/dump_paths.py`` lists them)."""
    from forum.threads.models import Thread

    return [thread.get_absolute_url() for thread in
            Thread.objects.filter(is_hidden=False).only("pk", "slug").order_by("pk")]  # fmt: skip


def _sample_texts(count, rng):
    """The own words of about ``count`` visible posts picked at random (by id, no table scan)."""
    from django.db.models import Max

    from forum.posts.models import Post

    last = Post.objects.aggregate(last=Max("pk"))["last"] or 0
    ids = rng.sample(range(1, last + 1), min(count, last))
    posts = Post.objects.filter(pk__in=ids, is_hidden=False, thread__is_hidden=False)
    return [(post.excerpt, post.author.username, post.thread.board_id) for post in
            posts.select_related("author", "thread")]  # fmt: skip


def _searchable(words):
    """``words`` without the stop words of the search configuration (which find nothing)."""
    from django.conf import settings
    from django.db import connection

    kept = []
    with connection.cursor() as cursor:
        for word in words:
            cursor.execute(
                "SELECT numnode(plainto_tsquery(%s::regconfig, %s))",
                [settings.FORUM_SEARCH_CONFIG, word],
            )
            if cursor.fetchone()[0]:
                kept.append(word)
    return kept


def _word_counts(texts):
    from collections import Counter

    return Counter(w for text, _, _ in texts for w in re.findall(r"[a-z]{4,}", text.lower()))


def _common_words(count, seed=7):
    texts = _sample_texts(300, random.Random(seed))
    return _searchable([word for word, _ in _word_counts(texts).most_common(count * 4)])[:count]


def _phrase(text, rng):
    """Two or three words that follow each other in ``text`` (no sentence ends between), or
    None."""
    tokens = text.split()
    length = rng.choice((2, 2, 3))
    runs = [
        tokens[start : start + length]
        for start in range(len(tokens) - length + 1)
        if all(re.fullmatch(r"[A-Za-z]+[,;]?", token) for token in tokens[start : start + length])
    ]
    if not runs:
        return None
    words = [token.rstrip(",;") for token in rng.choice(runs)]
    return '"' + " ".join(words) + '"'


def search_queries(count, seed=1):
    """``count`` search pages of every kind members use, drawn from the forum's own text (so
    from the generator's Zipf-distributed words: a few very common, a long tail of rare ones):
    common words, rare words, two words, phrases, by a member, in a board, titles only, newest
    first."""
    from urllib.parse import urlencode

    rng = random.Random(seed)
    texts = _sample_texts(600, rng)
    counts = _word_counts(texts)
    # The most common words a search can use (stop words find nothing), as members type them.
    common = _searchable([word for word, _ in counts.most_common(80)])[:40]
    # Words seen once in 600 posts: the long tail.
    rare = _searchable([word for word, n in counts.items() if n == 1])
    rng.shuffle(rare)
    # Words that follow each other somewhere in the sample: a phrase that finds something.
    phrases = []
    for text, _, _ in texts:
        phrase = _phrase(text, rng)
        if phrase and _searchable([phrase]):
            phrases.append(phrase)
    kinds = [
        ("common word", lambda: {"q": rng.choice(common)}),
        ("rare word", lambda: {"q": rare.pop() if rare else rng.choice(common)}),
        ("two words", lambda: {"q": f"{rng.choice(common)} {rng.choice(common)}"}),
        ("phrase", lambda: {"q": rng.choice(phrases)}),
        ("word -word", lambda: {"q": f"{rng.choice(common)} -{rng.choice(common)}"}),
        ("by member", lambda: {"q": f"{rng.choice(common)} by:{rng.choice(texts)[1]}"}),
        ("in a board", lambda: {"q": rng.choice(common), "board": rng.choice(texts)[2]}),
        ("titles only", lambda: {"q": rng.choice(common), "titles_only": "on"}),
        ("newest first", lambda: {"q": rng.choice(common), "order": "newest"}),
        ("page 3", lambda: {"q": rng.choice(common), "page": 3}),
    ]
    queries = []
    for number in range(count):
        kind, params = kinds[number % len(kinds)]
        queries.append({"kind": kind, "path": "/search/?" + urlencode(params())})
    return queries


def search_sizes():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_relation_size('post_search_vector'), pg_relation_size('post_search_pairs'), "
            "pg_relation_size('thread_title_vector'), pg_total_relation_size('posts_post'), "
            "(SELECT count(*) FROM posts_post)"
        )
        gin, pairs, titles, table, posts = cursor.fetchone()
    return {"post_gin_bytes": gin, "pairs_gin_bytes": pairs, "title_gin_bytes": titles,
            "posts_table_bytes": table, "posts": posts}  # fmt: skip


def session(username):
    """Log ``username`` in the way the login view does and return the session cookie value."""
    from django.conf import settings
    from django.contrib.auth import login
    from django.http import HttpRequest
    from django.utils.module_loading import import_string

    from accounts.models import User

    request = HttpRequest()
    request.session = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    user = User.objects.get(username=username)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()
    return request.session.session_key


def queries(pages, cookie):
    """Queries and bytes of each page, first rendered (cold page cache), then from the cache."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    for name, path in pages.items():
        client = Client(HTTP_HOST="127.0.0.1")
        if name.startswith("member_"):
            client.cookies[settings.SESSION_COOKIE_NAME] = cookie
        client.get("/")  # settle what any first request loads (templates, content types)
        # A release of our own: no page cached earlier (by the server, by the line above)
        # answers the first, cold request.
        settings.FORUM_RELEASE = f"queries-{time.time()}-{name}"
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            counts.append(len(captured))
        results[name] = {"cold": counts[0], "warm": counts[1], "bytes": len(response.content)}
    return results


def _writer(worker, seconds, queue):
    """Reply and like as fast as one connection allows for ``seconds``; report the counts."""
    setup()
    from django.db import connection

    from accounts.models import User
    from forum.posts.models import Post
    from forum.posts.services import like_post, reply_to_thread
    from forum.threads.models import Thread

    # A fresh draw each run: likes given by an earlier run (on --reuse) would not count again.
    rng = random.Random(f"{worker}-{time.time()}")
    members = list(User.objects.order_by("pk").values_list("pk", flat=True))
    threads = list(Thread.objects.filter(is_hidden=False).values_list("pk", flat=True))
    max_post = Post.objects.order_by("-pk").values_list("pk", flat=True).first()
    replies = likes = errors = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            thread = Thread(pk=rng.choice(threads))
            author = User(pk=rng.choice(members))
            reply_to_thread(thread=thread, author=author, body=f"Reply from writer {worker}.")
            replies += 1
            post = Post.objects.only("pk", "author_id", "thread_id").get(
                pk=rng.randint(1, max_post)
            )
            # Writers like with members of their own, so no two writers race for one like.
            liker = User(pk=members[(worker + 8 * rng.randrange(len(members) // 8))])
            if like_post(post=post, user=liker):
                likes += 1
        except Exception as error:  # counted and reported: the target is zero
            errors += 1
            print(f"writer {worker}: {error!r}", file=sys.stderr)
    connection.close()
    queue.put({"replies": replies, "likes": likes, "errors": errors})


def writers(seconds, workers):
    """``workers`` processes, each with its own database connection, replying and liking."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [context.Process(target=_writer, args=(w, seconds, queue)) for w in range(workers)]
    started = time.monotonic()
    for process in processes:
        process.start()
    reports = [queue.get() for _ in processes]
    for process in processes:
        process.join()
    elapsed = time.monotonic() - started
    total = {key: sum(r[key] for r in reports) for key in ("replies", "likes", "errors")}
    setup()
    from forum.posts import counters
    from forum.posts.models import Post

    # Recounting millions of rows takes longer than the run itself: checked on small forums.
    stale = None
    if Post.objects.count() < 200_000:
        stale = sum(len(list(counters.stale_rows(m.objects.all()))) for m in counters.TRUTHS)
    return {
        **total,
        "seconds": seconds,
        "replies_per_s": total["replies"] / seconds,
        "likes_per_s": total["likes"] / seconds,
        "elapsed": elapsed,
        "stale_counters": stale,
    }


def watched(seconds, watchers, pinned=None):
    """Replies to one thread that ``watchers`` members watch (and want mailed), as fast as one
    connection allows for ``seconds``: the reply's cost with alerts and mails deferred to the
    worker (the database task backend; no worker runs meanwhile)."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django_tasks_db.models import DBTaskResult

    from accounts.models import User
    from forum.follow.models import Alert, Preferences, ThreadWatch
    from forum.posts.services import reply_to_thread
    from forum.threads.models import Thread

    assert settings.TASK_BACKEND == "database", "the watched run measures the deferred path"
    # The worker's time is this run's alone: tasks queued by the earlier write run are dropped.
    DBTaskResult.objects.all().delete()
    # Not the long thread whose pages are measured (``pinned``): its pages stay as they were.
    open_threads = Thread.objects.filter(is_hidden=False, is_locked=False).exclude(pk=pinned)
    thread = open_threads.order_by("-pk").first()
    # The bench preset has 200 members: the watchers it lacks are made here (no password).
    lacking = watchers + 1 - User.objects.filter(is_active=True, is_banned=False).count()
    User.objects.bulk_create(
        [
            User(
                username=f"bench-watcher-{number}",
                email=f"bench-watcher-{number}@example.com",
                password=make_password(None),
            )
            for number in range(max(lacking, 0))
        ],
        ignore_conflicts=True,
    )
    members = list(
        User.objects.filter(is_active=True, is_banned=False).order_by("pk")[: watchers + 1]
    )
    author, members = members[0], members[1:]
    Alert.objects.filter(thread=thread).delete()
    ThreadWatch.objects.filter(thread=thread).delete()
    ThreadWatch.objects.bulk_create(ThreadWatch(user=m, thread=thread) for m in members)
    Preferences.objects.bulk_create(
        [Preferences(user=m, email_reply=True) for m in members],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["email_reply"],
    )
    replies = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        reply_to_thread(thread=thread, author=author, body="A reply to a watched thread.")
        replies += 1
    return {
        "thread": thread.pk,
        "watchers": len(members),
        "replies": replies,
        "seconds": seconds,
        "replies_per_s": replies / seconds,
    }


def delivered(thread_id):
    from forum.follow.models import Alert, MailFailure

    return {
        "alerts": Alert.objects.filter(thread_id=thread_id).count(),
        "failures": MailFailure.objects.count(),
    }


def writing(count):
    """What HTTP writers need: ``count`` members' sessions, threads to reply to, and posts to
    like (visible, with their authors, since nobody may like their own)."""
    from accounts.models import User
    from forum.posts.models import Post
    from forum.threads.models import Thread

    members = User.objects.filter(role="member", is_active=True).order_by("pk")[:count]
    threads = Thread.objects.filter(is_hidden=False, is_locked=False).order_by("?")[:2000]
    posts = (
        Post.objects.filter(is_hidden=False, thread__is_hidden=False)
        .order_by("?")
        .values_list("pk", "author_id")[:20000]
    )
    return {
        "members": [{"pk": m.pk, "session": session(m.username)} for m in members],
        "threads": list(threads.values_list("pk", flat=True)),
        "posts": [list(row) for row in posts],
    }


def counts(check):
    from forum.posts import counters
    from forum.posts.models import Like, Post

    stale = None
    if check:
        stale = sum(len(list(counters.stale_rows(m.objects.all()))) for m in counters.TRUTHS)
    return {"posts": Post.objects.count(), "likes": Like.objects.count(), "stale": stale}


def main(argv):
    command = argv[1]
    if command == "writers":
        print(json.dumps(writers(float(argv[2]), int(argv[3]))))
        return
    setup()
    if command == "urls":
        print(json.dumps(urls(int(argv[2]) if argv[2:] else None)))
    elif command == "thread_paths":
        print(json.dumps(thread_paths()))
    elif command == "writing":
        print(json.dumps(writing(int(argv[2]))))
    elif command == "watched":
        pinned = int(argv[4]) if argv[4:] else None
        print(json.dumps(watched(float(argv[2]), int(argv[3]), pinned)))
    elif command == "delivered":
        print(json.dumps(delivered(int(argv[2]))))
    elif command == "counts":
        print(json.dumps(counts(argv[2:] == ["--check"])))
    elif command == "search_queries":
        print(json.dumps(search_queries(int(argv[2]))))
    elif command == "search_sizes":
        print(json.dumps(search_sizes()))
    elif command == "session":
        print(session(argv[2]))
    elif command == "queries":
        spec = json.loads(Path(argv[2]).read_text())
        print(json.dumps(queries(spec["pages"], spec["cookie"])))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main(sys.argv)
