"""Who's online: members and visitors seen in the last ``FORUM_ONLINE_MINUTES``.

Kept in the cache every app server shares. With Redis (``REDIS_URL``), two sorted sets, one of
members (by id) and one of visitors (by a hash of address and browser), scored by the time each
was last seen: counting is ``ZCOUNT`` over the window, listing ``ZREVRANGEBYSCORE``, and old
entries are trimmed as new ones come.

With another shared cache (Memcached, the database cache) each set is one cache value, a
``{who: last seen}`` dict read, updated and written back: two writers at the same instant can
lose one of the two updates, which the next minute's write repairs. With the default local-memory
cache (no REDIS_URL, one process in development) it is that process's own view.

Each member or visitor is written at most once a minute (``cache.add`` on a short key says
whether this minute's write is done), so a busy page costs one cache round trip and no write.
The counts shown on the index are kept for ``COUNTS_SECONDS``: a page rendered for every
member, and the index shared by visitors (``forum.cache``), read them without touching the sets.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache, caches
from redis.exceptions import RedisError

from forum.clients import client_address

MEMBERS = "members"
VISITORS = "visitors"
# A member or visitor is written again only after this many seconds.
WRITE_EVERY = 60
COUNTS_SECONDS = 30
COUNTS_KEY = "online:counts"


def _window():
    return settings.FORUM_ONLINE_MINUTES * 60


def _redis():
    """The Redis client behind the default cache, or None when the cache is something else,
    or is resting after Redis failed (``forum.cachebackend``): then the cache-value path below
    runs, on a cache that answers as a miss, and nobody is counted until Redis is back."""
    from django.core.cache.backends.redis import RedisCache

    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    if getattr(backend, "is_resting", lambda: False)():
        return None
    return backend._cache.get_client(write=True)


def _redis_failed(operation, error):
    """A Redis command failed: who is online is not worth a 500 (README, faults)."""
    failed = getattr(caches["default"], "failed", None)
    if failed is not None:
        failed(operation, error)


def _set_key(kind):
    return cache.make_key(f"online:{kind}")


def visitor_id(request):
    """A visitor's entry: their address and browser, hashed (no address is kept)."""
    seen = f"{client_address(request)}|{request.headers.get('User-Agent', '')}"
    return hashlib.blake2b(seen.encode(), digest_size=10, key=b"online").hexdigest()


def record(request):
    """Note that whoever sent ``request`` is online (at most once a minute each)."""
    user = request.user
    if user.is_authenticated:
        kind, who = MEMBERS, str(user.pk)
    else:
        kind, who = VISITORS, visitor_id(request)
    if _written_here_lately(kind, who):
        return
    if cache.add(f"online:written:{kind}:{who}", 1, WRITE_EVERY):
        _write(kind, who, _now())


# This process's own note of whom it wrote lately, so that a visitor reading page after page
# costs no cache round trip at all (a fifth of a cached page's time). It only saves work: each
# process still writes each visitor at most once a minute, and the shared key above keeps
# the processes from all writing the same minute. Bounded: emptied when it grows too large.
_written = {}
_WRITTEN_MAX = 10_000


def _written_here_lately(kind, who):
    now = time.monotonic()
    last = _written.get((kind, who))
    if last is not None and now - last < WRITE_EVERY:
        return True
    if len(_written) >= _WRITTEN_MAX:
        _written.clear()
    _written[(kind, who)] = now
    return False


def forget_written():
    """Forget this process's note of whom it wrote (the shared cache was emptied)."""
    _written.clear()


def _now():
    return time.time()


def _write(kind, who, now):
    client = _redis()
    if client is not None:
        key = _set_key(kind)
        pipe = client.pipeline(transaction=False)
        pipe.zadd(key, {who: now})
        pipe.zremrangebyscore(key, "-inf", now - _window())
        pipe.expire(key, _window() + WRITE_EVERY)
        try:
            pipe.execute()
        except RedisError as error:
            _redis_failed("online write", error)
        return
    # Not Redis: the set is one cache value, read and written back whole.
    key = f"online:{kind}"
    seen = _fresh(cache.get(key) or {}, now)
    seen[who] = now
    cache.set(key, seen, _window() + WRITE_EVERY)


def _fresh(seen, now):
    since = now - _window()
    return {who: at for who, at in seen.items() if at >= since}


def _recent(kind, now):
    """``[(who, last seen)]`` of ``kind`` within the window, the latest first."""
    client = _redis()
    if client is not None:
        try:
            entries = client.zrevrangebyscore(
                _set_key(kind), "+inf", now - _window(), withscores=True
            )
        except RedisError as error:
            _redis_failed("online list", error)
            return []
        return [(who.decode(), at) for who, at in entries]
    seen = _fresh(cache.get(f"online:{kind}") or {}, now)
    return sorted(seen.items(), key=lambda item: item[1], reverse=True)


def _count(kind, now):
    client = _redis()
    if client is not None:
        try:
            return client.zcount(_set_key(kind), now - _window(), "+inf")
        except RedisError as error:
            _redis_failed("online count", error)
            return 0
    return len(_fresh(cache.get(f"online:{kind}") or {}, now))


def counts():
    """``(members, visitors)`` online, as of at most COUNTS_SECONDS ago."""
    found = cache.get(COUNTS_KEY)
    if found is None:
        now = _now()
        found = (_count(MEMBERS, now), _count(VISITORS, now))
        cache.set(COUNTS_KEY, found, COUNTS_SECONDS)
    return found


def member_ids():
    """The ids of the members online, the latest seen first (hidden ones too: the caller
    names only those who show their status)."""
    return [int(who) for who, _ in _recent(MEMBERS, _now())]


def visitor_count():
    return _count(VISITORS, _now())
