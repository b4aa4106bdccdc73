import os

import pytest
from django.core.cache import cache
from django.db import connection

from accounts import online
from accounts.roles import Role
from forum.threads.models import Thread
from tests.factories import BoardFactory, UserFactory
from tests.helpers import make_thread


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "postgresql: needs PostgreSQL; fails when FORUM_REQUIRE_POSTGRES=1 (CI), skips otherwise",
    )


@pytest.fixture(autouse=True)
def _postgresql_only(request):
    # The one skip policy for database-specific tests: CI sets FORUM_REQUIRE_POSTGRES=1, so a
    # PostgreSQL-only test that cannot run there fails instead of passing unseen.
    if request.node.get_closest_marker("postgresql") is None:
        return
    if connection.vendor == "postgresql":
        return
    if os.environ.get("FORUM_REQUIRE_POSTGRES") == "1":
        pytest.fail("FORUM_REQUIRE_POSTGRES=1 but the tests run on " + connection.vendor)
    pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    # CI shares one Redis between tests: a page cached by one test must not answer another.
    cache.clear()
    online.forget_written()
    yield
    cache.clear()
    online.forget_written()


@pytest.fixture
def member(db):
    return UserFactory(username="reader")


@pytest.fixture
def moderator(db):
    return UserFactory(username="mod", role=Role.MODERATOR)


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR)


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def admin_client(client, administrator):
    """A client logged in as the forum's administrator (replaces pytest-django's superuser one)."""
    client.force_login(administrator)
    return client


@pytest.fixture
def banned_member(db):
    return UserFactory(username="banned", banned=True)


@pytest.fixture
def senior_member(db):
    return UserFactory(username="senior", role=Role.SENIOR_MEMBER)


@pytest.fixture
def banned_moderator(db):
    return UserFactory(username="banned-mod", role=Role.MODERATOR, banned=True)


@pytest.fixture
def no_flood_interval(settings):
    """Members may post back to back (tests that post several times in a row)."""
    settings.FORUM_FLOOD_INTERVAL = 0


@pytest.fixture
def board(db):
    return BoardFactory(name="General", slug="general")


@pytest.fixture
def thread(board):
    return make_thread(posts=5, board=board)


@pytest.fixture
def seed(db):
    """The committed seed fixture, loaded as a new install loads it."""
    from django.core.management import call_command

    call_command("loaddata", "seed_thread", verbosity=0)
    return Thread.objects.get()
