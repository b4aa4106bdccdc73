"""The member's Watched pages: the threads and boards they watch, and stopping."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.follow.models import BoardWatch, Preferences, ThreadWatch
from forum.follow.services import mark_thread_read, watch_board, watch_thread
from forum.threads.models import Thread
from tests.factories import BoardFactory, UserFactory
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db

WATCHED = reverse("threads:watched")
WATCHED_BOARDS = reverse("threads:watched_boards")
STOP_ALL = reverse("threads:stop_watching_all_threads")


@pytest.fixture
def watcher(db):
    """A member who joined a week ago: everything posted since is new to them."""
    return UserFactory(username="ann", date_joined=timezone.now() - timedelta(days=7))


@pytest.fixture
def watcher_client(client, watcher):
    client.force_login(watcher)
    return client


def watched_thread(watcher, board, *, title, hours_ago=0, posts=3):
    thread = make_thread(posts=posts, board=board, title=title)
    Thread.objects.filter(pk=thread.pk).update(
        last_post_at=timezone.now() - timedelta(hours=hours_ago)
    )
    watch_thread(user=watcher, thread=thread)
    return Thread.objects.get(pk=thread.pk)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(WATCHED)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_visitor_is_sent_to_log_in_from_the_boards_tab(client):
    response = client.get(WATCHED_BOARDS)

    assert response.url.startswith(reverse("account_login"))


def test_the_page_lists_the_watched_threads_with_board_replies_and_last_poster(
    watcher_client, watcher, board
):
    thread = watched_thread(watcher, board, title="Tea or coffee", posts=4)

    html = watcher_client.get(WATCHED).content.decode()

    assert "Tea or coffee" in html
    assert f'In <a href="{board.get_absolute_url()}">{board.name}</a>' in html
    assert "<dt>Replies</dt><dd>3</dd>" in html
    assert thread.last_post.author.username in html
    assert "1 thread, latest activity first" in html


def test_threads_not_watched_are_not_listed(watcher_client, watcher, board):
    watched_thread(watcher, board, title="Watched one")
    make_thread(posts=2, board=board, title="Someone else's")

    html = watcher_client.get(WATCHED).content.decode()

    assert "Watched one" in html
    assert "Someone else" not in html


def test_another_members_watches_are_not_shown(watcher_client, board):
    other = UserFactory(username="other")
    watched_thread(other, board, title="Other's thread")

    html = watcher_client.get(WATCHED).content.decode()

    assert "Other&#x27;s thread" not in html
    assert "You watch no thread." in html


def test_threads_come_latest_activity_first(watcher_client, watcher, board):
    watched_thread(watcher, board, title="Quiet for a day", hours_ago=24)
    watched_thread(watcher, board, title="Active now", hours_ago=0)
    watched_thread(watcher, board, title="Active an hour ago", hours_ago=1)

    html = watcher_client.get(WATCHED).content.decode()

    assert html.index("Active now") < html.index("Active an hour ago") < html.index("Quiet")


def test_the_list_is_paged(watcher_client, watcher, board, settings):
    settings.FORUM_THREADS_PER_PAGE = 2
    for hours in range(3):
        watched_thread(watcher, board, title=f"Thread {hours} hours old", hours_ago=hours)

    first = watcher_client.get(WATCHED).content.decode()
    second = watcher_client.get(f"{WATCHED}?page=2").content.decode()

    assert "Thread 1 hours old" in first and "Thread 2 hours old" not in first
    assert "Thread 2 hours old" in second and "Thread 0 hours old" not in second
    assert f'href="{WATCHED}?page=2"' in first


def test_a_page_past_the_end_goes_to_the_last(watcher_client, watcher, board):
    watched_thread(watcher, board, title="Only one")

    response = watcher_client.get(f"{WATCHED}?page=9")

    assert response.url == WATCHED


def test_an_unread_thread_links_to_its_first_unread_post(watcher_client, watcher, board):
    thread = watched_thread(watcher, board, title="Unread")

    html = watcher_client.get(WATCHED).content.decode()

    assert f'href="{reverse("posts:first_unread", args=[thread.pk])}">Unread</a>' in html
    assert '<span class="badge badge--unread">New</span>' in html


def test_a_read_thread_links_to_the_thread(watcher_client, watcher, board):
    thread = watched_thread(watcher, board, title="Read", posts=3)
    mark_thread_read(user=watcher, thread=thread, position=3)

    html = watcher_client.get(WATCHED).content.decode()

    assert f'href="{thread.get_absolute_url()}">Read</a>' in html
    assert "badge--unread" not in html


def test_a_hidden_thread_is_left_out(watcher_client, watcher, board):
    hidden = watched_thread(watcher, board, title="Hidden since")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)

    html = watcher_client.get(WATCHED).content.decode()

    assert "Hidden since" not in html
    assert "You watch no thread." in html


def test_a_moderator_still_sees_a_hidden_thread_they_watch(client, moderator, board):
    hidden = watched_thread(moderator, board, title="Hidden since")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    client.force_login(moderator)

    html = client.get(WATCHED).content.decode()

    assert "Hidden since" in html
    assert '<span class="badge badge--hidden">Hidden</span>' in html


def test_stop_watching_a_thread(watcher_client, watcher, board):
    thread = watched_thread(watcher, board, title="Enough of it")

    response = watcher_client.post(
        reverse("threads:stop_watching_thread", args=[thread.pk]), follow=True
    )

    assert not ThreadWatch.objects.filter(user=watcher, thread=thread).exists()
    assert response.redirect_chain[0][0] == WATCHED
    assert "You no longer watch “Enough of it”." in messages_of(response)


def test_stop_watching_goes_back_to_the_page_it_was_on(watcher_client, watcher, board):
    thread = watched_thread(watcher, board, title="On page two")

    response = watcher_client.post(
        reverse("threads:stop_watching_thread", args=[thread.pk]),
        {"next": f"{WATCHED}?page=2"},
    )

    assert response.url == f"{WATCHED}?page=2"


def test_stop_watching_never_goes_back_off_the_site(watcher_client, watcher, board):
    thread = watched_thread(watcher, board, title="Somewhere")

    response = watcher_client.post(
        reverse("threads:stop_watching_thread", args=[thread.pk]),
        {"next": "https://evil.example/"},
    )

    assert response.url == WATCHED


def test_stop_watching_needs_a_post(watcher_client, watcher, board):
    thread = watched_thread(watcher, board, title="Still watched")

    response = watcher_client.get(reverse("threads:stop_watching_thread", args=[thread.pk]))

    assert response.status_code == 405
    assert ThreadWatch.objects.filter(user=watcher, thread=thread).exists()


def test_stop_watching_leaves_other_members_watches(watcher_client, watcher, board):
    thread = watched_thread(watcher, board, title="Shared")
    other = UserFactory(username="other")
    watch_thread(user=other, thread=thread)

    watcher_client.post(reverse("threads:stop_watching_thread", args=[thread.pk]))

    assert ThreadWatch.objects.filter(user=other, thread=thread).exists()


def test_stop_watching_all_asks_first(watcher_client, watcher, board):
    watched_thread(watcher, board, title="One")
    watched_thread(watcher, board, title="Two")

    html = watcher_client.get(STOP_ALL).content.decode()

    assert "Stop watching all 2 threads</button>" in html
    assert ThreadWatch.objects.filter(user=watcher).count() == 2


def test_stop_watching_all_stops_every_watch_of_the_member_only(watcher_client, watcher, board):
    thread = watched_thread(watcher, board, title="One")
    watched_thread(watcher, board, title="Two")
    other = UserFactory(username="other")
    watch_thread(user=other, thread=thread)

    response = watcher_client.post(STOP_ALL, follow=True)

    assert not ThreadWatch.objects.filter(user=watcher).exists()
    assert ThreadWatch.objects.filter(user=other).exists()
    assert "You no longer watch any thread." in messages_of(response)
    assert response.redirect_chain[-1][0] == WATCHED


def test_stop_watching_all_with_nothing_watched_goes_back(watcher_client):
    response = watcher_client.get(STOP_ALL)

    assert response.url == WATCHED


def test_the_page_offers_stop_watching_all_only_with_threads_watched(
    watcher_client, watcher, board
):
    assert STOP_ALL not in watcher_client.get(WATCHED).content.decode()
    watched_thread(watcher, board, title="One")

    assert STOP_ALL in watcher_client.get(WATCHED).content.decode()


def test_the_page_says_replies_come_by_mail_when_the_member_asked(watcher_client, watcher):
    Preferences.objects.create(user=watcher, email_reply=True)

    html = watcher_client.get(WATCHED).content.decode()

    assert "Replies to these threads reach you as alerts and by mail." in html


def test_the_page_says_replies_come_as_alerts_by_default(watcher_client):
    html = watcher_client.get(WATCHED).content.decode()

    assert "Replies to these threads reach you as alerts, not by mail." in html


def test_the_account_navigation_leads_to_the_page_and_marks_it(watcher_client):
    html = watcher_client.get(WATCHED).content.decode()

    assert f'<a href="{WATCHED}" aria-current="page">Watched</a>' in html


def test_the_boards_tab_marks_the_watched_section_as_current(watcher_client):
    html = watcher_client.get(WATCHED_BOARDS).content.decode()

    assert f'<a href="{WATCHED}" aria-current="true">Watched</a>' in html
    assert f'<a href="{WATCHED_BOARDS}" aria-current="page">Boards</a>' in html


def test_the_alerts_page_links_to_the_watched_page(watcher_client):
    html = watcher_client.get(reverse("follow:alerts")).content.decode()

    assert f'href="{WATCHED}"' in html


def test_the_boards_tab_lists_the_watched_boards_only(watcher_client, watcher, board):
    other_board = BoardFactory(name="Elsewhere")
    watch_board(user=watcher, board=board)
    watch_board(user=UserFactory(username="other"), board=other_board)

    html = watcher_client.get(WATCHED_BOARDS).content.decode()

    assert f'<a href="{board.get_absolute_url()}">General</a>' in html
    assert "Elsewhere" not in html


def test_a_watched_board_with_unread_threads_is_marked(watcher_client, watcher, board):
    make_thread(posts=2, board=board)
    watch_board(user=watcher, board=board)

    html = watcher_client.get(WATCHED_BOARDS).content.decode()

    assert '<span class="badge badge--unread">New</span>' in html


def test_stop_watching_a_board(watcher_client, watcher, board):
    watch_board(user=watcher, board=board)

    response = watcher_client.post(
        reverse("threads:stop_watching_board", args=[board.pk]), follow=True
    )

    assert not BoardWatch.objects.filter(user=watcher, board=board).exists()
    assert response.redirect_chain[0][0] == WATCHED_BOARDS
    assert "You no longer watch General." in messages_of(response)


def test_stop_watching_an_unknown_board_is_404(watcher_client):
    response = watcher_client.post(reverse("threads:stop_watching_board", args=[999999]))

    assert response.status_code == 404


@pytest.mark.parametrize("threads", [3, 30])
def test_the_page_costs_a_fixed_number_of_queries(
    watcher_client, watcher, board, threads, django_assert_num_queries
):
    for number in range(threads):
        thread = watched_thread(watcher, BoardFactory(), title=f"T{number}", hours_ago=number)
        if number % 2:
            mark_thread_read(user=watcher, thread=thread, position=2)

    # user, their permissions (two, until the cache holds them), their preferences, the count,
    # the page of threads (boards, last posters and unread markers in the same query)
    with django_assert_num_queries(6):
        response = watcher_client.get(WATCHED)
    assert response.status_code == 200


@pytest.mark.parametrize("boards", [1, 12])
def test_the_boards_tab_costs_a_fixed_number_of_queries(
    watcher_client, watcher, boards, django_assert_num_queries
):
    for _ in range(boards):
        board = BoardFactory()
        make_thread(posts=2, board=board)
        watch_board(user=watcher, board=board)

    # user, their preferences, the boards (their latest posts and unread markers with them)
    with django_assert_num_queries(3):
        response = watcher_client.get(WATCHED_BOARDS)
    assert response.status_code == 200


def test_stop_watching_all_stops_watching_threads_hidden_since_too(watcher_client, watcher, board):
    hidden = watched_thread(watcher, board, title="Hidden since")
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    watched_thread(watcher, board, title="Shown")

    watcher_client.post(STOP_ALL)

    assert not ThreadWatch.objects.filter(user=watcher).exists()
