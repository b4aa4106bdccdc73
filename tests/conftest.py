import pytest
from django.core.cache import cache

from accounts.roles import Role
from forum.posts import counters
from forum.posts.models import Post
from forum.threads.models import Thread
from tests.factories import BoardFactory, PostFactory, ThreadFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow on purpose; tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    # CI shares one Redis between tests: a page cached by one test must not answer another.
    cache.clear()
    yield
    cache.clear()


def fix_all_counters():
    """Make every stored counter true, for tests that build rows with factories."""
    for model in counters.TRUTHS:
        counters.fix_counters(model.objects.all())


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
def banned_member(db):
    return UserFactory(username="banned", banned=True)


@pytest.fixture
def no_flood_interval(settings):
    """Members may post back to back (tests that post several times in a row)."""
    settings.FORUM_FLOOD_INTERVAL = 0


@pytest.fixture
def board(db):
    return BoardFactory(name="General", slug="general")


def make_thread(*, posts, board=None, **fields):
    """A thread with ``posts`` posts and true counters."""
    thread = ThreadFactory(**({"board": board} if board else {}), **fields)
    PostFactory.create_batch(posts, thread=thread)
    fix_all_counters()
    return Thread.objects.get(pk=thread.pk)


@pytest.fixture
def thread(board):
    return make_thread(posts=5, board=board)


@pytest.fixture
def seed(db):
    """The committed seed fixture, loaded as a new install loads it."""
    from django.core.management import call_command

    call_command("loaddata", "seed_thread", verbosity=0)
    return Thread.objects.get()


__all__ = ["Post", "fix_all_counters", "make_thread"]
