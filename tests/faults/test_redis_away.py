"""Redis goes away and comes back: the forum reads, writes and keeps members logged in from
PostgreSQL meanwhile, refuses logins (their limits cannot be counted), and serves nothing
stale afterwards."""

import pytest

from tests.factories import UserFactory
from tests.faults.processes import Browser, token
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
    assert visitor.get(other, "/").status == 200
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
    assert Browser().post(other, "/accounts/login/", login).status == 302
    again = "Written once Redis was back."
    assert member.post(other, reply, {"body": again, "token": token()}).status == 302
    assert again in visitor.get(one, page).text
