"""The Atom feed of a board's new threads."""

import pytest
from django.urls import reverse

from tests.helpers import make_thread

pytestmark = pytest.mark.django_db


def test_a_boards_feed_lists_its_threads_but_not_the_hidden(client, board):
    make_thread(posts=1, board=board, title="Open talk")
    make_thread(posts=1, board=board, title="Secret talk", is_hidden=True)

    response = client.get(reverse("boards:feed", kwargs={"slug": board.slug}))

    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Open talk" in body
    assert "Secret talk" not in body


def test_the_pages_link_their_feeds(client, board):
    thread = make_thread(posts=1, board=board)

    board_page = client.get(board.get_absolute_url()).content.decode()
    thread_page = client.get(thread.get_absolute_url()).content.decode()

    assert 'rel="alternate" type="application/atom+xml"' in board_page
    assert reverse("boards:feed", kwargs={"slug": board.slug}) in board_page
    assert reverse("posts:feed", kwargs={"pk": thread.pk}) in thread_page
