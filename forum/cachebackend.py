"""The shared cache (Redis) as a cache should be: when it is away, the forum runs without it.

Django's ``RedisCache`` raises ``redis.ConnectionError`` from every call while Redis is down,
which turns every page into a 500. Here each call that cannot reach Redis answers as a miss
(``get`` → default, ``add`` → False, ``incr`` → ValueError, as for a missing key), so:

- pages are rendered from PostgreSQL instead of served from the page cache;
- ``cached_db`` sessions are read from the database, so members stay logged in;
- writes work (page versions live in PostgreSQL, not here);
- ``forum.ratelimit``'s limits (previews, edits) see no earlier uses and let the request
  through (open); allauth's (logins, sign-up, password resets) cannot take their counting lock
  (``add`` is False) and refuse (closed), and logins ask ``is_available`` first besides (see
  ``accounts.adapter``).

A Redis that hangs (a network partition, a stopped process) costs each call its socket
timeout; so after a call fails, the process leaves Redis alone for ``RETRY_AFTER`` seconds
(the cache's ``RETRY_AFTER`` parameter) and answers every call as a miss at once. An error is
logged once per ``LOG_EVERY`` seconds per process, not once per call.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_EVERY = 30


class CacheUnavailable(ValueError):
    """``incr`` of a key the cache could not reach: callers treat it as a missing key."""


def _down(answer_when_down, error=None):
    if isinstance(answer_when_down, type) and issubclass(answer_when_down, Exception):
        raise answer_when_down(str(error or "the shared cache is resting")) from error
    return answer_when_down() if callable(answer_when_down) else answer_when_down


def _tolerant(answer_when_down):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._resting():
                return _down(answer_when_down)
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                self._failed(method.__name__, error)
                return _down(answer_when_down, error)

        return wrapper

    return decorate


class ClientPerPool(RedisCacheClient):
    """Django's client, keeping one ``redis.Redis`` per connection pool.

    Django builds a new ``redis.Redis`` for every cache call, and each one fills a table of
    some 170 reply handlers: a third of the time of a page served from the cache. A
    ``redis.Redis`` is safe to share between threads (each command takes a connection from the
    pool), so one per pool does the same work.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class TolerantRedisCache(RedisCache):
    """``RedisCache`` whose calls answer as misses, instead of raising, while Redis is away."""

    _last_logged = 0.0
    # Per process and server: until when calls skip Redis (time.monotonic()).
    _resting_until = {}

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ClientPerPool
        self._server_key = str(server)
        self.retry_after = float(params.get("RETRY_AFTER", 5))

    def _resting(self):
        return time.monotonic() < TolerantRedisCache._resting_until.get(self._server_key, 0.0)

    def is_resting(self):
        """Whether calls skip Redis now, after a recent failure: code that uses the Redis
        client itself (``self._cache.get_client()``) should skip it too."""
        return self._resting()

    def failed(self, operation, error):
        """Note a failure met by code that uses the Redis client itself: the cache rests."""
        self._failed(operation, error)

    def _failed(self, operation, error):
        now = time.monotonic()
        TolerantRedisCache._resting_until[self._server_key] = now + self.retry_after
        if now - TolerantRedisCache._last_logged >= LOG_EVERY:
            TolerantRedisCache._last_logged = now
            logger.error("The shared cache is unavailable (%s): %s", operation, error)

    add = _tolerant(False)(RedisCache.add)
    set = _tolerant(None)(RedisCache.set)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    get_many = _tolerant(dict)(RedisCache.get_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    incr = _tolerant(CacheUnavailable)(RedisCache.incr)
    set_many = _tolerant(list)(RedisCache.set_many)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    clear = _tolerant(False)(RedisCache.clear)

    def get(self, key, default=None, version=None):
        # Not through _tolerant: a miss answers the caller's own default.
        if self._resting():
            return default
        try:
            return RedisCache.get(self, key, default, version)
        except RedisError as error:
            self._failed("get", error)
            return default

    def is_available(self):
        """Whether Redis answers now: one PING, even while resting (a login asks, and a
        Redis that is back ends the rest at once)."""
        try:
            available = bool(self._cache.get_client(write=True).ping())
        except RedisError as error:
            self._failed("ping", error)
            return False
        TolerantRedisCache._resting_until.pop(self._server_key, None)
        return available
