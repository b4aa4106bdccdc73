"""Redis goes away and comes back: the forum reads, writes and keeps members logged in from
PostgreSQL meanwhile, refuses logins (their limits cannot be counted), and serves nothing
stale afterwards."""

import os
import signal
import time

import pytest

from tests.factories import UserFactory
from tests.faults.processes import Browser, token, wait_until
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_forum_runs_without_redis_and_serves_nothing_stale_when_it_is_back(
    app_servers, fault_redis, settings
):
    one, other = app_servers(2)
    thread = make_thread(posts=3)
    page = thread.get_absolute_url()
    reply = f"/threads/{thread.pk}/reply/"
    visitor = Browser.anonymous()
    member = Browser.logged_in(UserFactory(username="stayer"))
    cached = visitor.get(one, page)
    assert cached.status == 200
    assert member.get(other, "/").status == 200  # the session is in Redis now too

    fault_redis.stop()  # saved first: it comes back with these pages and sessions

    assert visitor.get(one, page).status == 200
    assert visitor.get(other, "/").status == 200  # the index counts who is online, in Redis
    assert member.get(other, "/members/online/").status == 200
    home = member.get(one, "/")
    assert home.status == 200 and "stayer" in home.text  # cached_db: from PostgreSQL
    written = "Written while Redis was away."
    assert member.post(one, reply, {"body": written, "token": token()}).status == 302
    assert written in visitor.get(other, page).text
    # Reading limits (previews) cannot be counted either, and let the member through.
    preview = member.post(other, "/posts/preview/", {"body": "*Preview*"})
    assert preview.status == 200 and "<em>Preview</em>" in preview.text
    # Logins are refused instead (allauth's limits and ours fail closed): without the cache no
    # wrong password would be counted.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    UserFactory(username="arriver")
    login = {"login": "arriver", "password": "correct horse battery staple"}
    refused = Browser().post(other, "/accounts/login/", login)
    assert refused.status == 429 and "Logging in is paused" in refused.text

    fault_redis.start()  # with the page it held before

    after = visitor.get(one, page)
    assert after.status == 200 and written in after.text  # the thread's version moved on
    # Each process leaves Redis alone a few seconds after a failed call (CACHE_RETRY_AFTER).
    wait_until(
        lambda: Browser().post(other, "/accounts/login/", login).status == 302,
        timeout=20,
        what="logins did not resume once Redis was back",
    )
    again = "Written once Redis was back."
    assert member.post(other, reply, {"body": again, "token": token()}).status == 302
    assert again in visitor.get(one, page).text


def test_a_redis_that_hangs_costs_a_process_one_timeout_not_every_request(app_servers, fault_redis):
    (server,) = app_servers(1, GUNICORN_WORKERS=1, CACHE_RETRY_AFTER=30)
    thread = make_thread(posts=3)
    member = Browser.logged_in(UserFactory())
    assert member.get(server, thread.get_absolute_url()).status == 200
    os.kill(fault_redis.process.pid, signal.SIGSTOP)  # up, but answering nothing
    try:
        started = time.monotonic()
        assert member.get(server, thread.get_absolute_url()).status == 200
        first = time.monotonic() - started
        started = time.monotonic()
        for path in [thread.get_absolute_url(), "/", thread.get_absolute_url(), "/"] * 2:
            assert member.get(server, path).status == 200
        rest = time.monotonic() - started
    finally:
        os.kill(fault_redis.process.pid, signal.SIGCONT)
    assert first < 5  # one socket timeout (1 s), then every call answers as a miss at once
    # Without the rest, each of these waited a timeout per cache call: 2 to 7 s a page.
    assert rest < first + 4, (first, rest)
