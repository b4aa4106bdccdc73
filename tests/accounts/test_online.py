"""Who's online: members and visitors seen lately, in Redis or the fallback cache value."""

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from accounts import online
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture(params=["configured", "fallback"])
def backend(request, settings):
    """Each test runs on the configured cache (Redis when REDIS_URL is set) and on the
    fallback for other caches."""
    if request.param == "fallback":
        settings.CACHES = LOCAL_CACHE
    cache.clear()
    yield request.param
    cache.clear()


def test_the_configured_cache_is_redis_when_redis_url_is_set(settings):
    import os

    if os.environ.get("REDIS_URL"):
        assert isinstance(caches["default"], RedisCache)
        assert online._redis() is not None


def test_members_and_visitors_are_counted(client, backend):
    ann, bob = UserFactory(), UserFactory()
    for member in (ann, bob):
        client.force_login(member)
        client.get("/members/")
    client.logout()
    client.get("/members/", HTTP_USER_AGENT="one browser")
    client.get("/members/", HTTP_USER_AGENT="another browser")

    assert online.counts() == (2, 2)


def test_a_member_is_written_at_most_once_a_minute(client, backend, monkeypatch):
    member = UserFactory()
    client.force_login(member)
    writes, write = [], online._write
    monkeypatch.setattr(online, "_write", lambda *args: writes.append(args) or write(*args))

    for _ in range(5):
        client.get("/members/")

    assert len(writes) == 1


def test_a_visitor_reading_page_after_page_costs_no_cache_round_trip(client, backend, monkeypatch):
    client.get("/members/")
    asked = []

    class Spy:
        def __getattr__(self, name):
            asked.append(name)
            return getattr(cache, name)

    monkeypatch.setattr(online, "cache", Spy())

    for _ in range(5):
        client.get("/members/")

    assert asked == []


def test_a_visitor_is_written_again_after_a_minute(client, backend, monkeypatch):
    client.get("/members/")
    writes = []
    monkeypatch.setattr(online, "_write", lambda *args: writes.append(args))
    started = online.time.monotonic()
    monkeypatch.setattr(online.time, "monotonic", lambda: started + online.WRITE_EVERY + 1)
    cache.clear()  # the shared key of the first write has expired by then

    client.get("/members/")

    assert len(writes) == 1


def test_members_seen_before_the_window_are_not_counted(client, backend, monkeypatch, settings):
    settings.FORUM_ONLINE_MINUTES = 15
    member = UserFactory()
    client.force_login(member)
    client.get("/members/")
    now = online._now()

    monkeypatch.setattr(online, "_now", lambda: now + 16 * 60)

    assert online.member_ids() == []
    assert online.visitor_count() == 0


def test_the_online_page_names_members_who_show_their_status(client, backend):
    shown = UserFactory(username="shown")
    hidden = UserFactory(username="hidden", show_online=False)
    for member in (shown, hidden):
        client.force_login(member)
        client.get("/members/")
    client.logout()

    html = client.get("/members/online/").content.decode()

    assert ">shown</a>" in html
    assert ">hidden</a>" not in html
    assert "2 members and 1 visitor online" in html
    assert "1 of the members hidden" in html


def test_the_index_shows_the_counts(client, backend):
    client.force_login(UserFactory())
    client.get("/members/")

    html = client.get("/").content.decode()

    assert "1 member and 0 visitors online" in html


def test_the_online_page_costs_one_query_however_many_are_online(
    client, backend, django_assert_num_queries
):
    for member in UserFactory.create_batch(12):
        client.force_login(member)
        client.get("/members/")
    client.logout()

    with django_assert_num_queries(1):
        client.get("/members/online/")


def test_a_form_sent_by_a_visitor_does_not_count_them(client, backend):
    client.post("/accounts/login/", {"login": "x", "password": "y"})

    assert online.counts() == (0, 0)
