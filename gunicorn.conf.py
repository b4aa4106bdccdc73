"""gunicorn's settings for the forum, read from the environment (``gunicorn`` finds this file).

    gunicorn                                # serves forum.wsgi on $GUNICORN_BIND
    GUNICORN_WORKERS=4 GUNICORN_THREADS=4 gunicorn

Logs go to stdout/stderr for the process supervisor to collect; nothing is written to disk.
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


wsgi_app = "forum.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}").split(",")

# Sync workers spend most of their time in Python (templates, the ORM), so one per core is
# the useful number; threads help only when workers wait on the database or the network.
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycling workers bounds any slow leak; 0 (the default) never recycles.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 10)

# Import Django once in the master so the workers share its pages (less memory per worker).
# No database connection is opened at import time, so nothing is shared that must not be.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"

# Requests larger than any page of the forum needs are refused before Django sees them: the
# longest URL it makes (a reply quoting 20 posts, a login with ?next=) is well under 1 KB, a
# browser sends about 20 headers, and the largest is the Cookie header (session, CSRF and
# message cookies, a few KB). Bodies are capped by the reverse proxy (README) and by Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE; gunicorn has no body limit of its own.
limit_request_line = _int("GUNICORN_LIMIT_REQUEST_LINE", 4094)
limit_request_fields = _int("GUNICORN_LIMIT_REQUEST_FIELDS", 50)
limit_request_field_size = _int("GUNICORN_LIMIT_REQUEST_FIELD_SIZE", 8190)

# Behind a reverse proxy, trust its X-Forwarded-* headers (comma-separated proxy addresses).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "1") != "0" else None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
