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


# A member's thread page: the member's row (the session and their permissions come from the
# cache), the thread with whether they watch it, how far they read it and whether an alert of
# theirs waits in it, the posts, and the read marker moved on when the page is past it. The
# header's alert count is stored on the member's row.
MEMBER_PAGES = [(3, 1), (40, 1), (40, 2)]


def log_in(client, member):
    """Log ``member`` in, their permission names in the cache (accounts.backends) as after
    their first page that asked one."""
    from accounts.models import User

    User.objects.get(pk=member.pk).get_all_permissions()
    client.force_login(member)


@pytest.mark.parametrize(("posts", "page"), MEMBER_PAGES)
def test_a_members_first_reading_of_a_thread_page_costs_four_queries(
    client, board, member, posts, page, django_assert_num_queries
):
    thread = make_thread(posts=posts, board=board)
    log_in(client, member)

    with django_assert_num_queries(4) as captured:
        response = client.get(thread.get_page_url(page))

    assert response.status_code == 200
    assert "follow_threadread" in captured.captured_queries[-1]["sql"]


@pytest.mark.parametrize(("posts", "page"), MEMBER_PAGES)
def test_a_members_thread_page_read_again_costs_three_queries_and_writes_nothing(
    client, board, member, posts, page, django_assert_num_queries
):
    thread = make_thread(posts=posts, board=board)
    log_in(client, member)
    client.get(thread.get_page_url(page))

    with django_assert_num_queries(3) as captured:
        response = client.get(thread.get_page_url(page))

    assert response.status_code == 200
    assert all(query["sql"].startswith("SELECT") for query in captured.captured_queries)


def test_a_members_earlier_page_read_after_a_later_one_writes_nothing(
    client, board, member, django_assert_num_queries
):
    thread = make_thread(posts=40, board=board)
    log_in(client, member)
    client.get(thread.get_page_url(2))

    with django_assert_num_queries(3):
        client.get(thread.get_page_url(1))


def test_a_member_with_alerts_elsewhere_reads_a_thread_in_four_queries(
    client, board, member, django_assert_num_queries
):
    from forum.follow.counters import recount_unread_alerts
    from forum.follow.models import Alert, Kind

    elsewhere = make_thread(posts=2, board=board)
    Alert.objects.create(
        user=member, kind=Kind.REPLY, thread=elsewhere, post=elsewhere.posts.get(position=2)
    )
    recount_unread_alerts([member.pk])
    thread = make_thread(posts=3, board=board)
    log_in(client, member)

    with django_assert_num_queries(4):
        response = client.get(thread.get_absolute_url())

    assert '<span class="visually-hidden">(</span>1<' in response.content.decode()


@pytest.mark.parametrize("watching", [False, True])
def test_a_members_board_page_costs_three_queries(
    client, board, member, watching, django_assert_num_queries
):
    from forum.follow.services import watch_board

    for _ in range(3):
        make_thread(posts=2, board=board)
    if watching:
        watch_board(user=member, board=board)
    log_in(client, member)

    # The member, the board (with whether they watch it), its threads.
    with django_assert_num_queries(3):
        response = client.get(board.get_absolute_url())

    assert ("Stop watching" in response.content.decode()) == watching


def test_a_members_index_costs_two_queries(client, board, member, django_assert_num_queries):
    make_thread(posts=2, board=board)
    log_in(client, member)

    # The member, the boards.
    with django_assert_num_queries(2):
        client.get("/")
