"""The thread page (``forum.posts.thread_views``): what moderators read of hidden content."""

import pytest

from forum.posts.services import hide_post
from forum.threads.services import hide_thread
from tests.conftest import make_thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_moderator_reads_who_hid_a_post_when_and_why(client, moderator, thread):
    hide_post(post=thread.posts.get(position=3), by=moderator, reason="Personal attack")
    client.force_login(moderator)

    html = client.get(thread.get_absolute_url()).content.decode()

    note = html.split('id="post-3"')[1].split("</article>")[0]
    assert "Hidden by" in note
    assert f'">{moderator.username}</a>' in note
    assert ": Personal attack." in note


def test_a_moderator_reads_who_hid_a_thread_when_and_why(client, moderator, thread):
    hide_thread(thread=thread, by=moderator, reason="Duplicate of another")
    client.force_login(moderator)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert f'Hidden by <a href="{moderator.get_absolute_url()}">{moderator.username}</a>' in html
    assert ": Duplicate of another." in html


@pytest.mark.parametrize("hidden", [1, 8])
def test_who_hid_each_post_costs_no_query_per_post(
    client, moderator, board, hidden, django_assert_max_num_queries
):
    thread = make_thread(posts=10, board=board)
    for position in range(2, 2 + hidden):
        hider = UserFactory(username=f"hider{position}", role="moderator")
        hide_post(post=thread.posts.get(position=position), by=hider, reason="Spam")
    client.force_login(moderator)

    with django_assert_max_num_queries(9):
        response = client.get(thread.get_absolute_url())

    assert response.content.decode().count("Hidden by") == hidden
