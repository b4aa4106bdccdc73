"""The pages that show unread markers cost a fixed number of queries, whatever the rows."""

import pytest
from django.urls import reverse

from forum.follow.services import mark_thread_read
from tests.factories import BoardFactory
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("threads", [1, 25])
def test_a_members_board_page_with_unread_markers_costs_a_fixed_number(
    client, reader, board, threads, django_assert_max_num_queries
):
    for number in range(threads):
        thread = make_thread(posts=3, board=board)
        if number % 2:
            mark_thread_read(user=reader, thread=thread, position=2)
    client.force_login(reader)

    # user, board (with whether the member watches it), their permissions (two, until the
    # cache holds them), threads (their unread markers in the same query); the header's alert
    # count is stored on the member's row
    with django_assert_max_num_queries(5):
        response = client.get(board.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("boards", [1, 15])
def test_a_members_index_with_unread_markers_costs_a_fixed_number(
    client, reader, boards, django_assert_max_num_queries
):
    for _ in range(boards):
        make_thread(posts=2, board=BoardFactory())
    client.force_login(reader)

    # user, boards (with whether each has unread threads); the session comes from the cache,
    # the header's alert count from the member's row
    with django_assert_max_num_queries(2):
        response = client.get(reverse("boards:index"))
    assert response.status_code == 200


@pytest.mark.parametrize("threads", [1, 25])
def test_new_posts_costs_a_fixed_number(
    client, reader, board, threads, django_assert_max_num_queries
):
    for _ in range(threads):
        make_thread(posts=2, board=board)
    client.force_login(reader)

    # user, their permissions (two, until the cache holds them), the count, the page of threads
    with django_assert_max_num_queries(5):
        response = client.get(reverse("threads:new_posts"))
    assert response.status_code == 200
