"""The forum's production settings on the peer benchmark's PostgreSQL cluster.

Like every peer: BENCH_DB / BENCH_PGPORT / BENCH_DEBUG, DEBUG off, hosts 127.0.0.1, localhost
and testserver, CONN_MAX_AGE=60 without health checks. Unlike the peers' defaults, and as the
forum runs in production: Redis for the cache (the shared page cache) and the sessions
(OURFORUM_REDIS_URL, default index 0), static files collected and served by whitenoise.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-not-secret-" + "x" * 50)
os.environ.setdefault("DEBUG", os.environ.get("BENCH_DEBUG", "0"))
os.environ["REDIS_URL"] = os.environ.get("OURFORUM_REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("CACHE_KEY_PREFIX", "ourforum-bench")
# Plain HTTP on the loopback.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
# setup.sh writes its time here: pages cached by an earlier setup are never served.
os.environ.setdefault("FORUM_RELEASE", "@RELEASE@")

from forum.settings import *  # noqa: E402, F403

DEBUG = os.environ.get("BENCH_DEBUG", "0") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("BENCH_DB", "bench_ourforum"),
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": os.environ.get("BENCH_PGPORT", "54329"),
        "CONN_MAX_AGE": 60,
    }
}
