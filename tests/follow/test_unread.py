"""Unread markers: per thread, per board, "all read", jumping to the first unread post."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.boards.models import Board
from forum.follow.models import Alert, Kind, ThreadRead
from forum.follow.services import (
    mark_all_read,
    mark_board_read,
    mark_thread_read,
    watch_thread,
)
from forum.follow.unread import first_unread_position, reading_of
from forum.threads.models import Thread
from tests.factories import BoardFactory, UserFactory
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db


def unread_ids(user):
    return set(Thread.objects.unread_by(user).values_list("pk", flat=True))


def test_a_thread_posted_since_the_member_joined_is_unread(reader, board):
    thread = make_thread(posts=3, board=board)

    assert unread_ids(reader) == {thread.pk}


def test_threads_older_than_the_member_cost_nothing_and_are_read(board):
    thread = make_thread(posts=3, board=board)
    newcomer = UserFactory(date_joined=timezone.now() + timedelta(seconds=1))

    assert thread.pk not in unread_ids(newcomer)


def test_reading_to_the_last_post_makes_a_thread_read(reader, board):
    thread = make_thread(posts=3, board=board)

    mark_thread_read(user=reader, thread=thread, position=3)

    assert unread_ids(reader) == set()


def test_reading_part_of_a_thread_leaves_it_unread(reader, board):
    thread = make_thread(posts=3, board=board)

    mark_thread_read(user=reader, thread=thread, position=2)

    assert unread_ids(reader) == {thread.pk}


def test_a_read_marker_never_moves_back(reader, board):
    thread = make_thread(posts=3, board=board)
    mark_thread_read(user=reader, thread=thread, position=3)

    assert mark_thread_read(user=reader, thread=thread, position=1) is False
    assert unread_ids(reader) == set()


def as_read_by(user, thread):
    """``thread`` read as a member's page of it reads it: with ``reading_of``."""
    return Thread.objects.annotate(**reading_of(user)).get(pk=thread.pk)


def test_reading_of_tells_the_watch_the_marker_and_a_waiting_alert(reader, board):
    thread = make_thread(posts=3, board=board)
    watch_thread(user=reader, thread=thread)
    mark_thread_read(user=reader, thread=thread, position=2)
    Alert.objects.create(
        user=reader, kind=Kind.REPLY, thread=thread, post=thread.posts.get(position=3)
    )

    read = as_read_by(reader, thread)

    assert (read.watching, read.read_position, read.alerts_waiting) == (True, 2, True)


def test_reading_of_a_thread_never_met(reader, board):
    read = as_read_by(reader, make_thread(posts=3, board=board))

    assert (read.watching, read.read_position, read.alerts_waiting) == (False, None, False)


def test_reading_again_what_was_read_writes_nothing(reader, board, django_assert_num_queries):
    thread = make_thread(posts=3, board=board)
    mark_thread_read(user=reader, thread=thread, position=3)
    read = as_read_by(reader, thread)

    with django_assert_num_queries(0):
        assert not mark_thread_read(user=reader, thread=read, position=3)
        assert not mark_thread_read(user=reader, thread=read, position=2)
    assert ThreadRead.objects.get(user=reader, thread=thread).position == 3


def test_reading_further_with_no_alert_waiting_is_one_statement(
    reader, board, django_assert_num_queries
):
    thread = make_thread(posts=3, board=board)
    mark_thread_read(user=reader, thread=thread, position=1)
    read = as_read_by(reader, thread)

    with django_assert_num_queries(1):
        assert mark_thread_read(user=reader, thread=read, position=3)
    assert ThreadRead.objects.get(user=reader, thread=thread).position == 3


def test_mark_board_read_reads_only_that_board(reader, board):
    here = make_thread(posts=2, board=board)
    elsewhere = make_thread(posts=2, board=BoardFactory())

    mark_board_read(user=reader, board=board)

    assert unread_ids(reader) == {elsewhere.pk}
    assert here.pk not in unread_ids(reader)


def test_mark_all_read_reads_everything(reader, board):
    make_thread(posts=2, board=board)
    make_thread(posts=2, board=BoardFactory())

    mark_all_read(user=reader)

    assert unread_ids(reader) == set()


def test_a_post_after_mark_all_read_is_unread_again(reader, board, writer, no_flood_interval):
    from forum.posts.services import reply_to_thread

    thread = make_thread(posts=2, board=board)
    mark_all_read(user=reader)

    reply_to_thread(thread=thread, author=writer, body="Something new.")

    assert unread_ids(reader) == {thread.pk}


def test_first_unread_is_the_post_after_the_marker(reader, board):
    thread = make_thread(posts=6, board=board)
    mark_thread_read(user=reader, thread=thread, position=4)

    assert first_unread_position(reader, thread) == 5


def test_first_unread_without_a_marker_is_the_first_post_since_all_read(reader, board):
    thread = make_thread(posts=4, board=board)
    cutoff = timezone.now()
    thread.posts.filter(position__lte=2).update(created_at=cutoff - timedelta(hours=1))
    Board.objects.filter(pk=board.pk)  # (the board has no read time of the member's)
    from forum.follow.models import ReadState

    ReadState.objects.create(user=reader, all_read_before=cutoff - timedelta(minutes=1))

    assert first_unread_position(reader, thread) == 3


def test_first_unread_of_a_thread_read_to_the_end_is_its_last_post(reader, board):
    thread = make_thread(posts=3, board=board)
    mark_thread_read(user=reader, thread=thread, position=3)

    assert first_unread_position(reader, thread) == 3


def test_reading_a_page_moves_the_marker_to_its_last_post(client, reader, board, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    thread = make_thread(posts=5, board=board)
    client.force_login(reader)

    client.get(thread.get_page_url(2))

    assert first_unread_position(reader, thread) == 5
    assert unread_ids(reader) == {thread.pk}


def test_the_unread_link_lands_on_the_first_unread_post(client, reader, board, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    thread = make_thread(posts=5, board=board)
    mark_thread_read(user=reader, thread=thread, position=2)
    client.force_login(reader)

    response = client.get(reverse("posts:first_unread", kwargs={"pk": thread.pk}))

    assert response.url == thread.get_position_url(3)


def test_a_visitors_unread_link_opens_the_thread(client, board):
    thread = make_thread(posts=2, board=board)

    response = client.get(reverse("posts:first_unread", kwargs={"pk": thread.pk}))

    assert response.url == thread.get_absolute_url()


def test_the_board_page_marks_unread_threads_and_links_to_their_first_unread(client, reader, board):
    unread = make_thread(posts=2, board=board, title="Fresh news")
    read = make_thread(posts=2, board=board, title="Old news")
    mark_thread_read(user=reader, thread=read, position=2)
    client.force_login(reader)

    html = client.get(board.get_absolute_url()).content.decode()

    assert reverse("posts:first_unread", kwargs={"pk": unread.pk}) in html
    assert reverse("posts:first_unread", kwargs={"pk": read.pk}) not in html
    assert html.count('badge--unread">New<') == 1


def test_the_index_marks_boards_with_unread_threads(client, reader, board):
    quiet = BoardFactory(name="Quiet")
    make_thread(posts=2, board=board)
    client.force_login(reader)

    html = client.get(reverse("boards:index")).content.decode()

    assert html.count('badge--unread">New<') == 1
    assert html.index("badge--unread") < html.index(board.name) < html.index(quiet.name)


def test_a_visitor_sees_no_unread_markers(client, board):
    make_thread(posts=2, board=board)

    html = client.get(reverse("boards:index")).content.decode()

    assert "badge--unread" not in html


def test_new_posts_lists_unread_threads_latest_first(client, reader, board):
    older = make_thread(posts=2, board=board, title="Older talk")
    newer = make_thread(posts=2, board=board, title="Newer talk")
    Thread.objects.filter(pk=older.pk).update(last_post_at=timezone.now() - timedelta(hours=1))
    read = make_thread(posts=2, board=board, title="Read talk")
    mark_thread_read(user=reader, thread=read, position=2)
    client.force_login(reader)

    html = client.get(reverse("threads:new_posts")).content.decode()

    assert html.index(newer.title) < html.index(older.title)
    assert read.title not in html


def test_mark_board_read_button(client, reader, board):
    make_thread(posts=2, board=board)
    client.force_login(reader)

    response = client.post(reverse("boards:mark_read", kwargs={"slug": board.slug}))

    assert response.status_code == 302
    assert unread_ids(reader) == set()


def test_mark_all_read_button(client, reader, board):
    make_thread(posts=2, board=board)
    client.force_login(reader)

    client.post(reverse("follow:mark_all_read"))

    assert unread_ids(reader) == set()


def test_mark_read_buttons_need_a_post(client, reader, board):
    client.force_login(reader)

    assert client.get(reverse("follow:mark_all_read")).status_code == 405
    assert client.get(reverse("boards:mark_read", kwargs={"slug": board.slug})).status_code == 405


def test_the_unread_link_of_a_merged_thread_goes_where_its_posts_are(client, reader, board):
    from forum.threads.services import merge_threads

    target = make_thread(posts=2, board=board)
    source = make_thread(posts=2, board=board)
    merge_threads(sources=[source], target=target, by=UserFactory(username="mod-merger"))
    client.force_login(reader)

    response = client.get(reverse("posts:first_unread", kwargs={"pk": source.pk}))

    assert response.status_code == 301
    assert response.url == target.get_absolute_url()
