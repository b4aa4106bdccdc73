"""PostgreSQL restarts under load: requests meanwhile get the 503 page, the app servers recover
by themselves (CONN_HEALTH_CHECKS), and no reply is left half-written."""

import json
import subprocess
import threading
import time

import pytest

from tests.faults.processes import (
    BIN,
    ROOT,
    AppServer,
    Browser,
    PostgresCluster,
    RedisServer,
    collect_static_once,
    token,
    wait_until,
)

# Run in the cluster's database by a process of its own: the test's Django talks to the
# test run's database, not to this cluster.
SETUP = """
import json
from django.test import Client
from accounts.models import User
from forum.threads.models import Thread
sessions = []
for member in User.objects.filter(is_banned=False).order_by("pk")[:6]:
    client = Client()
    client.force_login(member)
    sessions.append(client.cookies["sessionid"].value)
threads = list(Thread.objects.filter(is_hidden=False, is_locked=False).values_list("pk", flat=True))
print(json.dumps({"sessions": sessions, "threads": threads}))
"""

DUPLICATES = """
from django.db.models import Count
from forum.posts.models import Post
# A reply sent again after a 503 (the same form, the same token) must not make a second post.
print(Post.objects.values("submission_token").exclude(submission_token=None)
      .annotate(n=Count("pk")).filter(n__gt=1).count())
"""


def manage(env, *arguments):
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


@pytest.fixture
def cluster():
    cluster = PostgresCluster().init().start()
    yield cluster
    cluster.close()


@pytest.fixture
def redis():
    redis = RedisServer().start()
    yield redis
    redis.close()


def test_a_postgresql_restart_under_load_gives_503s_then_recovers_with_nothing_half_written(
    cluster, redis
):
    collect_static_once()
    server = AppServer(database_url=cluster.create_database("forum"), redis_url=redis.url)
    env = server.env
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "generate_forum", "--preset", "tiny")
    work = json.loads(manage(env, "shell", "--no-imports", "-c", SETUP))
    server.start().wait_ready()
    answers, stop = [], threading.Event()

    def writer(session, thread):
        member, body = Browser(session), None
        while not stop.is_set():
            # A reply that was not taken is sent again as it was, as a member would.
            body = body or {"body": f"Under load {time.monotonic()}", "token": token()}
            try:
                answer = member.post(server, f"/threads/{thread}/reply/", body, timeout=15)
                answers.append(answer)
                if answer.status == 302:
                    body = None
                answers.append(member.get(server, f"/threads/{thread}/reply/", timeout=15))
            except OSError:
                answers.append(None)  # the connection dropped: nothing to judge

    writers = [
        threading.Thread(target=writer, args=(session, work["threads"][i % len(work["threads"])]))
        for i, session in enumerate(work["sessions"])
    ]
    try:
        for thread in writers:
            thread.start()
        time.sleep(1.5)
        cluster.stop()
        time.sleep(2)
        during = [answer for answer in answers if answer is not None]
        cluster.start()
        # Back without restarting gunicorn: the kept connections are found dead and replaced.
        wait_until(
            lambda: all(
                Browser(work["sessions"][0]).get(server, "/").status == 200 for _ in range(4)
            ),
            timeout=20,
            what="the app server did not recover",
        )
        time.sleep(1)
    finally:
        stop.set()
        for thread in writers:
            thread.join(timeout=30)
        server.stop()
    statuses = {answer.status for answer in answers if answer is not None}
    assert statuses <= {200, 302, 503}, statuses
    unavailable = [answer for answer in during if answer.status == 503]
    assert unavailable, "no request met the restart"
    assert all(
        "Back in a moment" in answer.text and "Traceback" not in answer.text
        for answer in unavailable
    )
    assert sum(answer.status == 302 for answer in answers if answer is not None) > 0
    assert manage(env, "recount").strip().endswith("Every counter was right: 0 fixed.")
    assert manage(env, "shell", "--no-imports", "-c", DUPLICATES).strip() == "0"
