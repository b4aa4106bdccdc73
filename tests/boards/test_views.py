from datetime import timedelta

import pytest
from django.utils import timezone

from forum.threads.models import Thread
from forum.threads.services import hide_thread
from tests.factories import BoardFactory, CategoryFactory
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db


def test_index_lists_categories_with_their_boards_and_counts(client, seed):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Imported" in html
    assert "Europe and Russia" in html
    board = response.context["categories"][0][1][0]
    assert (board.thread_count, board.post_count) == (1, 7)


def test_index_shows_each_boards_latest_post(client, seed):
    response = client.get("/")

    html = response.content.decode()
    assert "Alien" in html
    assert seed.title in html


def test_index_orders_categories_and_boards_by_position(client, db):
    second = CategoryFactory(name="Second", position=2)
    first = CategoryFactory(name="First", position=1)
    BoardFactory(category=first, name="B", position=2)
    BoardFactory(category=first, name="A", position=1)
    BoardFactory(category=second, name="C")

    categories = client.get("/").context["categories"]

    assert [category.name for category, _ in categories] == ["First", "Second"]
    assert [board.name for board in categories[0][1]] == ["A", "B"]


def test_board_page_lists_pinned_threads_first_then_latest_activity(client, board):
    now = timezone.now()
    old = make_thread(posts=1, board=board, title="Old")
    new = make_thread(posts=1, board=board, title="New")
    pinned = make_thread(posts=1, board=board, title="Pinned", is_pinned=True)
    Thread.objects.filter(pk=old.pk).update(last_post_at=now - timedelta(days=2))
    Thread.objects.filter(pk=new.pk).update(last_post_at=now)
    Thread.objects.filter(pk=pinned.pk).update(last_post_at=now - timedelta(days=9))

    threads = client.get(board.get_absolute_url()).context["threads"]

    assert [thread.title for thread in threads] == ["Pinned", "New", "Old"]


def test_board_page_shows_replies_starter_and_last_poster(client, board):
    thread = make_thread(posts=3, board=board)

    html = client.get(board.get_absolute_url()).content.decode()

    assert thread.title in html
    assert thread.starter.username in html
    assert thread.last_post.author.username in html


def test_board_page_is_paged(client, board, settings):
    settings.FORUM_THREADS_PER_PAGE = 2
    for _ in range(5):
        make_thread(posts=1, board=board)

    assert len(client.get(board.get_absolute_url()).context["threads"]) == 2
    assert len(client.get(board.get_page_url(3)).context["threads"]) == 1


@pytest.mark.parametrize("who", ["anonymous", "member", "moderator"])
def test_board_page_past_the_last_redirects_to_the_last(client, board, settings, who, request):
    settings.FORUM_THREADS_PER_PAGE = 2
    for _ in range(5):
        make_thread(posts=1, board=board)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(board.get_page_url(9))

    assert response.status_code == 302
    assert response["Location"] == board.get_page_url(3)


def test_board_page_that_once_was_past_the_last_shows_once_the_board_grows(client, board, settings):
    settings.FORUM_THREADS_PER_PAGE = 2
    make_thread(posts=1, board=board)
    assert client.get(board.get_page_url(2)).status_code == 302

    make_thread(posts=1, board=board)
    make_thread(posts=1, board=board)

    assert len(client.get(board.get_page_url(2)).context["threads"]) == 1


@pytest.mark.parametrize("page", ["0", "two", "", "²", "①"])
def test_board_page_number_that_is_not_a_page_redirects_to_the_first(client, board, page):
    response = client.get(board.get_absolute_url(), {"page": page})

    assert response.status_code == 302
    assert response["Location"] == board.get_absolute_url()


def test_board_page_hides_hidden_threads_from_members(client, board):
    thread = make_thread(posts=1, board=board, title="Gone")
    hide_thread(thread=thread, by=thread.starter)

    assert "Gone" not in client.get(board.get_absolute_url()).content.decode()


def test_board_page_shows_hidden_threads_to_moderators(client, board, moderator):
    thread = make_thread(posts=1, board=board, title="Gone")
    hide_thread(thread=thread, by=thread.starter)
    client.force_login(moderator)

    assert "Gone" in client.get(board.get_absolute_url()).content.decode()


def test_missing_board_is_not_found(client, db):
    assert client.get("/boards/nothing-here/").status_code == 404


def test_a_long_threads_row_links_to_its_first_pages_and_its_last(client, board, settings):
    settings.FORUM_POSTS_PER_PAGE = 10
    thread = make_thread(posts=61, board=board)

    html = client.get(board.get_absolute_url()).content.decode()

    row = html[html.index('class="meta thread-row__pages"') :]
    row = row[: row.index("</p>")]
    assert f'href="{thread.get_absolute_url()}"' in row
    assert f'href="{thread.get_page_url(2)}"' in row
    assert "…" in row
    assert f'href="{thread.get_page_url(7)}"><span class="visually-hidden">Last page' in row
    assert "?page=3" not in row


def test_a_one_page_threads_row_has_no_page_links(client, board):
    make_thread(posts=3, board=board)

    html = client.get(board.get_absolute_url()).content.decode()

    assert "thread-row__pages" not in html


def test_a_board_page_is_canonical_and_described_by_the_boards_description(client, db):
    board = BoardFactory(name="Hiking", slug="hiking", description="Trails & walks, near and far.")

    html = client.get(board.get_absolute_url() + "?page=1").content.decode()

    assert f'<link rel="canonical" href="http://testserver{board.get_absolute_url()}">' in html
    assert '<meta name="description" content="Trails &amp; walks, near and far.">' in html


def test_a_later_board_page_is_canonical_with_its_number(client, board, settings):
    settings.FORUM_THREADS_PER_PAGE = 1
    make_thread(posts=1, board=board)
    make_thread(posts=1, board=board)

    html = client.get(board.get_page_url(2)).content.decode()

    assert f'<link rel="canonical" href="http://testserver{board.get_page_url(2)}">' in html
