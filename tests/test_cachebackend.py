"""The shared cache answers as a miss while Redis is away (forum/cachebackend.py)."""

import pytest
from django.core.cache.backends.redis import RedisCache

from forum.cachebackend import TolerantRedisCache
from tests.faults.processes import free_port


@pytest.fixture
def away():
    # Nothing listens on a port just found free: every call is refused at once.
    return TolerantRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})


def test_a_get_answers_the_callers_default(away):
    assert away.get("page", "fallback") == "fallback"
    assert away.get_many(["a", "b"]) == {}


def test_writes_are_dropped_without_an_error(away):
    away.set("page", "body")
    away.set_many({"a": 1})
    away.delete("page")
    assert away.add("lock", True) is False


def test_an_increment_fails_as_for_a_missing_key(away):
    with pytest.raises(ValueError):
        away.incr("count")


def test_it_says_it_is_unavailable(away):
    assert away.is_available() is False


def test_after_a_failed_call_the_process_leaves_redis_alone_for_a_while(away, monkeypatch):
    away.get("page")
    tried = []
    monkeypatch.setattr(RedisCache, "get", lambda *args, **kwargs: tried.append(args))

    assert away.get("other page", "fallback") == "fallback"
    assert tried == []  # answered at once: a hung Redis costs one timeout, not one per call


def test_every_call_shares_one_redis_client(away):
    # Django makes one per call, filling its table of reply handlers each time.
    first = away._cache.get_client(write=True)

    assert away._cache.get_client(write=True) is first
    assert away._cache.get_client(write=False) is first  # one server: one pool
