"""Every reading page costs a fixed number of queries, whatever the number of rows."""

import pytest

from tests.helpers import make_thread

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("posts", [5, 500])
def test_thread_first_page_queries_do_not_grow_with_posts(
    client, board, posts, django_assert_max_num_queries
):
    thread = make_thread(posts=posts, board=board)

    # Thread, its starter (left out of the thread's query when the page may come from the
    # shared cache: forum.threads.views.get_readable_thread), posts.
    with django_assert_max_num_queries(3):
        response = client.get(thread.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("posts", [5, 500])
def test_thread_last_page_costs_what_the_first_costs(
    client, board, posts, django_assert_max_num_queries
):
    thread = make_thread(posts=posts, board=board)

    # Thread, its starter, posts: as on the first page.
    with django_assert_max_num_queries(3):
        response = client.get(thread.get_page_url(thread.page_count))
    assert response.status_code == 200


@pytest.mark.parametrize(("lacking", "gaps"), [([], 1), ([3, 5, 7], 3)])
def test_an_imported_thread_page_asks_one_query_more_for_its_gaps(
    client, seed, lacking, gaps, django_assert_max_num_queries
):
    seed.posts.filter(position__in=lacking).delete()

    # Thread, its starter, posts, and the numbers no post holds (only imported threads ask).
    with django_assert_max_num_queries(4):
        response = client.get(seed.get_absolute_url())
    assert response.content.decode().count('class="post-gap"') == gaps


@pytest.mark.parametrize("threads", [1, 30])
def test_board_page_queries_do_not_grow_with_threads(
    client, board, threads, django_assert_max_num_queries
):
    for _ in range(threads):
        make_thread(posts=2, board=board)

    with django_assert_max_num_queries(2):
        response = client.get(board.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("threads", [1, 12])
def test_board_page_links_into_long_threads_without_a_query_per_row(
    client, board, threads, settings, django_assert_max_num_queries
):
    settings.FORUM_POSTS_PER_PAGE = 1
    for _ in range(threads):
        make_thread(posts=5, board=board)

    with django_assert_max_num_queries(2):
        response = client.get(board.get_absolute_url())

    assert response.content.decode().count("?page=5") == threads


@pytest.mark.parametrize("boards", [1, 12])
def test_index_queries_do_not_grow_with_boards(client, db, boards, django_assert_max_num_queries):
    from tests.factories import BoardFactory

    for _ in range(boards):
        make_thread(posts=2, board=BoardFactory())

    # The page cache's stamp (Board.objects.index_version), then the boards themselves.
    with django_assert_max_num_queries(2):
        response = client.get("/")
    assert response.status_code == 200


@pytest.mark.parametrize("posts", [1, 40])
def test_profile_queries_do_not_grow_with_posts(
    client, board, posts, django_assert_max_num_queries
):
    thread = make_thread(posts=1, board=board)
    author = thread.starter
    from tests.factories import PostFactory

    PostFactory.create_batch(posts, thread=thread, author=author)

    # The member, the listed posts' ids and versions (the page cache's key), the posts.
    with django_assert_max_num_queries(3):
        response = client.get(author.get_absolute_url())
    assert response.status_code == 200


def test_logged_in_thread_page_costs_a_fixed_number_of_queries(
    client, board, member, django_assert_max_num_queries
):
    thread = make_thread(posts=60, board=board)
    client.force_login(member)

    # session, user, the member's permissions (two), thread, posts, whether they watch it,
    # their read marker moved on, the alerts it answers, the header's alert count
    with django_assert_max_num_queries(10):
        response = client.get(thread.get_page_url(2))
    assert response.status_code == 200
