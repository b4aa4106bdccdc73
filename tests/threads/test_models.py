"""A thread's address."""

import pytest

from tests.helpers import make_thread

pytestmark = pytest.mark.django_db


def test_a_threads_address_follows_its_new_title_on_the_same_row(board):
    thread = make_thread(posts=1, board=board, title="Old title")
    assert thread.get_absolute_url() == f"/threads/{thread.slug}.{thread.pk}/"

    thread.slug = "new-title"

    assert thread.get_absolute_url() == f"/threads/new-title.{thread.pk}/"
    assert thread.get_page_url(3) == f"/threads/new-title.{thread.pk}/?page=3"
