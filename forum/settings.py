"""Settings, read from the environment so that one codebase serves a laptop and production.

A first run needs no variable at all: SQLite in var/, DEBUG on, mail to the console.
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL (the README's
"Running in production" lists every variable); with DEBUG off the HTTPS settings default to on.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return default if value is None or not value.strip() else int(value)


def env_float(name, default):
    value = os.environ.get(name)
    return default if value is None or not value.strip() else float(value)


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# HTTPS. Off in development; on by default in production, where TLS usually ends at a reverse
# proxy that says so in X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER"], "https")

INSTALLED_APPS = [
    # Django's admin with the forum's AdminSite: its login is the site's (allauth) login.
    "forum.apps.ForumAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    # django-csp: the Content-Security-Policy header, and checks that its settings are current.
    "csp",
    "accounts",
    "forum.boards",
    "forum.threads",
    "forum.posts",
    "forum.importer",
    "forum.generator",
    "forum.backups",
    "forum.search",
    "forum.moderation",
    "forum.follow",
    # Background tasks (alert fan-out, mails): django-tasks and its database backend.
    "django_tasks",
    "django_tasks_db",
    "forum.conversations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "forum.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.MemberTimeZoneMiddleware",
    "accounts.middleware.OnlineMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

# Scripts and styles come only from our own static files (the admin's too): no inline <script>,
# <style>, style="" or on*="", so markup slipped into a page can run nothing. Images in posts
# may come from any https address.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "https:"],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# Browser features no page of the forum uses, off for every page (and any frame in it).
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    ]
}

ROOT_URLCONF = "forum.urls"
WSGI_APPLICATION = "forum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forum.follow.context_processors.alerts",
                "forum.conversations.context_processors.conversations",
            ],
            "builtins": ["forum.templatetags.forum_tags"],
        },
    },
    {
        # The post fragment and what it includes, rendered 20 times a thread page: Jinja2 does
        # it in a third of the time (forum.jinja2). Each template lives in one of the two.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "forum.jinja2.environment"},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'forum.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_POOL", False
):
    # psycopg's pool, for threaded workers (GUNICORN_THREADS > 1), where one persistent
    # connection per thread would be wasteful. Django needs CONN_MAX_AGE=0 with a pool.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN", 2),
        "max_size": env_int("DATABASE_POOL_MAX", 10),
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    # Django 5.1+: WAL and a busy timeout keep a first run usable with a few writers.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # Each member's permission names from the shared cache, for the backends below too (no
    # two queries a request for them); it authenticates nobody.
    "accounts.backends.CachedPermissionsBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# One Redis shared by every app server holds the page cache, the sessions and allauth's rate
# limits (allauth counts attempts in Django's cache), so that all processes agree.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # RedisCache that answers as a miss while Redis is away, instead of a 500
            # (forum/cachebackend.py says what that does to pages, sessions and limits).
            "BACKEND": "forum.cachebackend.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "forum"),
            "TIMEOUT": env_int("CACHE_TIMEOUT", 300),
            # After a failed call, each process leaves Redis alone this many seconds.
            "RETRY_AFTER": env_float("CACHE_RETRY_AFTER", 5.0),
            # A Redis that does not answer must not hold a request for long: each call waits
            # at most this long before the page goes on without the cache.
            "OPTIONS": {
                "socket_connect_timeout": env_float("CACHE_CONNECT_TIMEOUT", 0.5),
                "socket_timeout": env_float("CACHE_SOCKET_TIMEOUT", 1.0),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are read from the cache and written through to the database, so a Redis restart or
# an eviction under memory pressure logs nobody out, and a process whose local cache misses
# reads the database. The same engine with or without Redis keeps a page's queries the same.
SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.cached_db")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
# Files that must live at the site's root (/favicon.ico, asked for by browsers and feed readers
# whatever the pages say), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
# Uploaded files (avatars). Locally under var/media, served by Django only when
# FORUM_SERVE_MEDIA is on (DEBUG); in production a web server or an S3-compatible store
# (django-storages, README "Avatars") serves them, with long cache headers: names never repeat.
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(VAR_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
FORUM_SERVE_MEDIA = env_bool("FORUM_SERVE_MEDIA", DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# django-allauth
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
# The link in the confirmation mail logs the newcomer in (in the browser they signed up in)
# and takes them back to the page they signed up from (the header's links carry ?next=).
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "forum@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# The site's name: in the header, every page title and the mails (subjects, greetings).
FORUM_NAME = os.environ.get("FORUM_NAME", "").strip() or "Forum"

# Forum rules
FORUM_POSTS_PER_PAGE = 20
FORUM_THREADS_PER_PAGE = 20
FORUM_PROFILE_RECENT_POSTS = 10
# Anonymous pages are kept in the shared cache under keys that carry Thread/Board versions, so
# a write shows at once; this bound is for what no version covers (a member's counters in an
# author panel, a board renamed in the admin). 0 turns the page cache off.
FORUM_PAGE_CACHE_SECONDS = env_int("FORUM_PAGE_CACHE_SECONDS", 60)
# Part of every page key: set it per deploy (a git commit) so new templates never serve old HTML.
FORUM_RELEASE = os.environ.get("FORUM_RELEASE", "")
# A member becomes a senior member on reaching both (see accounts.services.promote_if_eligible).
FORUM_SENIOR_MIN_MESSAGES = int(os.environ.get("FORUM_SENIOR_MIN_MESSAGES", "100"))
FORUM_SENIOR_MIN_LIKES = int(os.environ.get("FORUM_SENIOR_MIN_LIKES", "50"))

# ---- Accounts and writing (members take part) ----------------------------------------------
# allauth counts attempts in the cache, so with REDIS_URL set every app server sees the same
# counts. Rates are "amount/period/per": per IP, per key (the login or email typed) or per user.
# Every limit "per address" counts forum.clients.client_address(request): the address the
# trusted reverse proxies saw (FORUM_TRUSTED_PROXY_COUNT of them; 0 = visitors connect directly
# and X-Forwarded-For is ignored, as anyone can send one).
FORUM_TRUSTED_PROXY_COUNT = env_int("FORUM_TRUSTED_PROXY_COUNT", 0)
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "signup": "accounts.forms.SignupForm"}
# Seconds a person takes at least to fill in the sign-up form; a faster one is a script's.
FORUM_SIGNUP_MIN_SECONDS = env_int("FORUM_SIGNUP_MIN_SECONDS", 3)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Wrong passwords (accounts.adapter): per address; per account and address, so a stranger
    # cannot lock a member out; and a higher ceiling per account against guessing from many
    # addresses. A member locked out by it still logs in with a code sent by mail.
    "login_failed": "10/m/ip",
    "login_failed_address_account": "5/5m/key",
    "login_failed_account": "30/15m/key",
    "request_login_code": "20/m/ip,3/m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/h/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# Mail subjects start "[FORUM_NAME] " (accounts.adapter.AccountAdapter.format_email_subject).
# The login page offers "Email me a code to log in": a member whose password is locked by the
# limits above (or forgotten) still gets in through their mailbox.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Development mail goes to the console; EMAIL_FILE_PATH=var/mail keeps each message as a file.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
if EMAIL_FILE_PATH and "EMAIL_BACKEND" not in os.environ:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"

CSRF_FAILURE_VIEW = "forum.views.csrf_failure"

# Background tasks (forum.follow: alerts to watchers, mails). In production the database
# backend keeps each task as a row that `manage.py db_worker` runs; development and tests run
# them at once, in the request's process (after its transaction commits).
TASK_BACKEND = os.environ.get("TASK_BACKEND", "immediate" if DEBUG else "database")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASK_BACKEND],
    }
}
# Watchers handled per fan-out task (each in a short transaction of its own), and how often and
# how long apart a mail that failed is tried again before the failure is recorded.
FORUM_FANOUT_CHUNK = env_int("FORUM_FANOUT_CHUNK", 500)
FORUM_MAIL_ATTEMPTS = env_int("FORUM_MAIL_ATTEMPTS", 5)
FORUM_MAIL_RETRY_SECONDS = env_int("FORUM_MAIL_RETRY_SECONDS", 60)
# Where the site is reached from outside, for the links in mails sent by the worker (which has
# no request to take a host from).
FORUM_SITE_URL = os.environ.get("FORUM_SITE_URL", "http://localhost:8000").rstrip("/")
# Alerts per page of the alerts page; threads per page of "New posts".
FORUM_ALERTS_PER_PAGE = env_int("FORUM_ALERTS_PER_PAGE", 30)

FORUM_POST_MAX_LENGTH = int(os.environ.get("FORUM_POST_MAX_LENGTH", "50000"))
# The largest form body Django reads: the longest post in 4-byte characters, each sent by a
# plain form as three %XX escapes per byte, plus room for the other fields. About 650 KB by
# default, under the 1 MB the README has the proxy allow.
DATA_UPLOAD_MAX_MEMORY_SIZE = FORUM_POST_MAX_LENGTH * 4 * 3 + 64 * 1024
# Seconds a member waits between two posts (moderators are exempt).
# A new member's first posts that carry links wait for a moderator's approval (0: never).
FORUM_MODERATE_FIRST_POSTS_WITH_LINKS = env_int("FORUM_MODERATE_FIRST_POSTS_WITH_LINKS", 3)
FORUM_FLOOD_INTERVAL = int(os.environ.get("FORUM_FLOOD_INTERVAL", "20"))
# How often one member may preview a text, and save edits, as "uses/seconds" (counted in the
# cache every app server shares); rendering markup is what a script would make costly.
FORUM_PREVIEW_RATE = os.environ.get("FORUM_PREVIEW_RATE", "30/60")
FORUM_EDIT_RATE = os.environ.get("FORUM_EDIT_RATE", "10/60")
# Earlier versions a post keeps: the first (what was posted) and the latest ones.
FORUM_POST_MAX_REVISIONS = int(os.environ.get("FORUM_POST_MAX_REVISIONS", "50"))
# A deleted account's posts: "anonymise" (kept, shown as by "Deleted member") or "hide"; its
# username: "free" (anyone may take it) or "reserve" (an emptied, inactive account keeps it).
FORUM_DELETED_MEMBER_POSTS = os.environ.get("FORUM_DELETED_MEMBER_POSTS", "anonymise")
FORUM_DELETED_MEMBER_USERNAME = os.environ.get("FORUM_DELETED_MEMBER_USERNAME", "free")
# A member with more posts than this gets their data archive built by the worker and a mailed
# link (valid FORUM_EXPORT_LINK_SECONDS) to the file, kept in default_storage under
# FORUM_EXPORT_DIR; smaller accounts download it at once (README "A member's data").
FORUM_EXPORT_INLINE_MAX_POSTS = env_int("FORUM_EXPORT_INLINE_MAX_POSTS", 2000)
FORUM_EXPORT_LINK_SECONDS = env_int("FORUM_EXPORT_LINK_SECONDS", 7 * 24 * 3600)
FORUM_EXPORT_DIR = os.environ.get("FORUM_EXPORT_DIR", "exports")
# Names shown in "A, B and N others like this".
FORUM_LIKERS_SHOWN = 3

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# What one post may hold of what costs most to render (forum/markup.py): a body over a
# limit is refused with a message naming it, so no member can make the server spend seconds.
FORUM_MARKUP_MAX_LINES = env_int("FORUM_MARKUP_MAX_LINES", 2000)
FORUM_MARKUP_MAX_TABLE_CELLS = env_int("FORUM_MARKUP_MAX_TABLE_CELLS", 400)
FORUM_MARKUP_MAX_NESTING = env_int("FORUM_MARKUP_MAX_NESTING", 8)
FORUM_MARKUP_MAX_QUOTES = env_int("FORUM_MARKUP_MAX_QUOTES", 50)
FORUM_MARKUP_MAX_MENTIONS = env_int("FORUM_MARKUP_MAX_MENTIONS", 30)
FORUM_MARKUP_MAX_EMPHASIS = env_int("FORUM_MARKUP_MAX_EMPHASIS", 1000)
FORUM_MARKUP_MAX_LINKS = env_int("FORUM_MARKUP_MAX_LINKS", 500)
FORUM_MARKUP_MAX_CODE_SPANS = env_int("FORUM_MARKUP_MAX_CODE_SPANS", 500)

# Search (forum/search): the text search configuration (language) of every stored vector and
# query on PostgreSQL; after changing it, run `manage.py reindex_search`.
FORUM_SEARCH_CONFIG = os.environ.get("FORUM_SEARCH_CONFIG", "english")
FORUM_SEARCH_RESULTS_PER_PAGE = 20
# Results counted and paged at most: a common word on a big forum matches far more posts than
# anyone reads, and counting them all is what would make search slow.
FORUM_SEARCH_MAX_RESULTS = env_int("FORUM_SEARCH_MAX_RESULTS", 1000)
FORUM_SEARCH_MAX_LENGTH = 200
# How often one may search, as `uses/seconds`: visitors counted per address, members per member
# (in the shared cache, so across app servers).
FORUM_SEARCH_VISITOR_RATE = os.environ.get("FORUM_SEARCH_VISITOR_RATE", "1/3")
FORUM_SEARCH_MEMBER_RATE = os.environ.get("FORUM_SEARCH_MEMBER_RATE", "5/10")
# ---- A member's own space (accounts) ---------------------------------------------------------
# Avatars (accounts.avatars): the largest upload, in bytes; the most pixels (a decompression
# bomb is refused; for an animation, all frames together); the most frames of an animation.
FORUM_AVATAR_MAX_BYTES = env_int("FORUM_AVATAR_MAX_BYTES", 2 * 1024 * 1024)
FORUM_AVATAR_MAX_PIXELS = env_int("FORUM_AVATAR_MAX_PIXELS", 36_000_000)
FORUM_AVATAR_MAX_FRAMES = env_int("FORUM_AVATAR_MAX_FRAMES", 100)
# How often one member may upload an avatar, "uses/seconds": decoding one costs the server.
FORUM_AVATAR_RATE = os.environ.get("FORUM_AVATAR_RATE", "10/600")
# Roles whose members may set their own custom title (moderators set anyone's in the admin).
FORUM_SELF_TITLE_ROLES = env_list(
    "FORUM_SELF_TITLE_ROLES", ["administrator", "moderator", "senior_member"]
)
# Signatures: characters of markup, links, and whether images may be shown.
FORUM_SIGNATURE_MAX_LENGTH = env_int("FORUM_SIGNATURE_MAX_LENGTH", 500)
FORUM_SIGNATURE_MAX_LINKS = env_int("FORUM_SIGNATURE_MAX_LINKS", 3)
FORUM_SIGNATURE_IMAGES = env_bool("FORUM_SIGNATURE_IMAGES", False)
# The member list's rows per page.
FORUM_MEMBERS_PER_PAGE = env_int("FORUM_MEMBERS_PER_PAGE", 30)
# Who's online: members and visitors seen in the last this many minutes.
FORUM_ONLINE_MINUTES = env_int("FORUM_ONLINE_MINUTES", 15)
# The most members /members/online/ names (the latest seen); all are counted.
FORUM_ONLINE_LIST_MAX = env_int("FORUM_ONLINE_LIST_MAX", 500)

# Private conversations (forum.conversations). Recipients one member may address in one
# conversation, by role (staff: no limit); a member with fewer than
# FORUM_CONVERSATION_NEW_MEMBER_POSTS posts writes to one member at a time.
FORUM_CONVERSATION_MAX_RECIPIENTS = {
    "member": env_int("FORUM_CONVERSATION_MAX_RECIPIENTS_MEMBER", 5),
    "senior_member": env_int("FORUM_CONVERSATION_MAX_RECIPIENTS_SENIOR", 20),
}
FORUM_CONVERSATION_NEW_MEMBER_POSTS = env_int("FORUM_CONVERSATION_NEW_MEMBER_POSTS", 5)
# Conversations one member may start, as `uses/seconds` (counted in the shared cache).
FORUM_CONVERSATION_RATE = os.environ.get("FORUM_CONVERSATION_RATE", "5/3600")
# Seconds during which a message can still be edited by its author.
FORUM_MESSAGE_EDIT_SECONDS = env_int("FORUM_MESSAGE_EDIT_SECONDS", 1800)
FORUM_MESSAGES_PER_PAGE = env_int("FORUM_MESSAGES_PER_PAGE", 20)
FORUM_CONVERSATIONS_PER_PAGE = env_int("FORUM_CONVERSATIONS_PER_PAGE", 20)
# Members one member may ignore.
FORUM_IGNORE_MAX = env_int("FORUM_IGNORE_MAX", 500)
