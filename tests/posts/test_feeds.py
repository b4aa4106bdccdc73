"""The Atom feed of a thread's new posts."""

import pytest
from django.urls import reverse

from tests.factories import PostFactory
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db


def test_a_threads_feed_lists_its_posts_but_not_the_hidden(client, board):
    thread = make_thread(posts=1, board=board)
    PostFactory(thread=thread, body="Visible words", body_html="<p>Visible words</p>")
    PostFactory(thread=thread, body="Hidden words", body_html="<p>Hidden words</p>", is_hidden=True)

    body = client.get(reverse("posts:feed", kwargs={"pk": thread.pk})).content.decode()

    assert "Visible words" in body
    assert "Hidden words" not in body
    assert thread.get_position_url(2) in body


def test_a_hidden_threads_feed_is_not_found(client, board, moderator):
    thread = make_thread(posts=1, board=board, is_hidden=True)
    client.force_login(moderator)

    assert client.get(reverse("posts:feed", kwargs={"pk": thread.pk})).status_code == 404


@pytest.mark.parametrize("posts", [2, 40])
def test_a_threads_feed_costs_a_fixed_number_of_queries(
    client, board, posts, django_assert_max_num_queries
):
    thread = make_thread(posts=posts, board=board)

    # the thread, its posts with their authors
    with django_assert_max_num_queries(2):
        client.get(reverse("posts:feed", kwargs={"pk": thread.pk}))
