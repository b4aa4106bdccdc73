"""What many test modules share: building threads with true counters, checking counters,
running writers at the same instant. Test modules import from here, never from each other."""

import threading

from django.db import connection

from accounts.models import User
from forum.boards.models import Board
from forum.posts import counters
from forum.posts.models import Post
from forum.threads.models import Thread
from tests.factories import PostFactory, ThreadFactory


def fix_all_counters():
    """Make every stored counter true, for tests that build rows with factories."""
    for model in counters.TRUTHS:
        counters.fix_counters(model.objects.all())
    counters.recount_likers()


def fix_counters_of(thread):
    """Make the counters that ``thread``'s posts feed true: the thread's, its posts' likes,
    its board's and its authors'. Cheaper than ``fix_all_counters`` by the whole tables."""
    counters.fix_counters(thread.posts.all())
    counters.fix_counters(Thread.objects.filter(pk=thread.pk))
    counters.fix_counters(Board.objects.filter(pk=thread.board_id))
    authors = thread.posts.values("author")
    counters.fix_counters(
        User.objects.filter(pk__in=authors) | User.objects.filter(pk=thread.starter_id)
    )


def make_thread(*, posts, board=None, **fields):
    """A thread with ``posts`` posts and true counters."""
    thread = ThreadFactory(**({"board": board} if board else {}), **fields)
    PostFactory.create_batch(posts, thread=thread)
    fix_counters_of(thread)
    return Thread.objects.get(pk=thread.pk)


def assert_counters_true():
    """Every stored counter of every table equals the truth ``recount`` computes."""
    for model in counters.TRUTHS:
        assert list(counters.stale_rows(model.objects.all())) == [], model.__name__
    assert counters.stale_likers(Post.objects.all()) == {}


def fixes_recount_would_make():
    """What ``recount`` would change, as ``{label: rows}``, without changing anything."""
    stale = {}
    for model, (_, fields) in counters.TRUTHS.items():
        for row in counters.stale_rows(model.objects.all()):
            for field in fields:
                if getattr(row, field) != getattr(row, f"true_{field}"):
                    label = counters.counter_label(model, field)
                    stale[label] = stale.get(label, 0) + 1
    return stale


def run_at_once(*calls):
    """Run each call in its own thread and database connection, all released together by a
    barrier; return what each returned or raised, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def work(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:  # the outcome under test, returned to the test
            outcomes[index] = error
        finally:
            connection.close()

    workers = [threading.Thread(target=work, args=item) for item in enumerate(calls)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not any(worker.is_alive() for worker in workers), "a worker is stuck"
    return outcomes


def errors_of(outcomes):
    """The failures among ``run_at_once``'s outcomes, as text."""
    return [
        f"{type(outcome).__name__}: {outcome}"
        for outcome in outcomes
        if isinstance(outcome, Exception)
    ]


def _blank_if_none(value):
    return "" if value is None else value


def member_form(member, **changes):
    """The admin's member change form as it would be posted for ``member``, with ``changes``."""
    data = {
        "username": member.username,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "role": member.role,
        "title": member.title,
        "location": member.location,
        # Empty is how the admin's form says "unknown" (None), as an administrator leaves it.
        "imported_likes_received": _blank_if_none(member.imported_likes_received),
        "imported_message_count": _blank_if_none(member.imported_message_count),
        "imported_banner": member.imported_banner,
        "is_active": "on",
        "ban_reason": member.ban_reason,
        "banned_until_0": "",
        "banned_until_1": "",
    }
    data.update(changes)
    return data
