"""bench/django_side.py: which thread the benchmark measures, and the paths of the random ones."""

import pytest

from forum.threads.services import hide_thread
from tests.bench.loading import bench_module
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db

django_side = bench_module("django_side")


def test_without_a_pin_the_long_thread_is_the_longest(board):
    make_thread(posts=2, board=board)
    longest = make_thread(posts=5, board=board)

    assert django_side.long_thread().pk == longest.pk


def test_a_pinned_thread_stays_measured_when_another_grows_longer(board):
    pinned = make_thread(posts=5, board=board)
    make_thread(posts=9, board=board)  # a watched-thread run's replies, say

    assert django_side.long_thread(pinned.pk).pk == pinned.pk


def test_a_pin_to_a_thread_gone_falls_back_to_the_longest(board):
    longest = make_thread(posts=5, board=board)

    assert django_side.long_thread(longest.pk + 1000).pk == longest.pk


@pytest.mark.postgresql  # the search page's word is checked with PostgreSQL's text search
def test_the_pages_name_the_pinned_thread(board, member):
    pinned = make_thread(posts=5, board=board)
    make_thread(posts=9, board=board)

    urls = django_side.urls(pinned.pk)

    assert (urls["thread"], urls["thread_first"]) == (pinned.pk, pinned.get_absolute_url())


def test_the_random_threads_are_every_visible_threads_first_page(board, moderator):
    shown = [make_thread(posts=1, board=board) for _ in range(3)]
    hidden = make_thread(posts=1, board=board)
    hide_thread(thread=hidden, by=moderator)

    assert django_side.thread_paths() == [thread.get_absolute_url() for thread in shown]
