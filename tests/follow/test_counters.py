"""The member's stored count of unread alerts (``User.unread_alerts``) stays what the alerts
say, through every write that makes, reads, hides, shows or deletes them."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.services import ignore_member
from forum.follow.counters import recount_unread_alerts
from forum.follow.models import Alert, Kind
from forum.follow.services import (
    mark_alerts_read,
    mark_all_read,
    mark_thread_read,
    open_alert,
    watch_thread,
)
from forum.posts.services import approve_post, hide_post, like_post, restore_post
from forum.threads.services import hide_thread, merge_threads, restore_thread
from tests.factories import UserFactory
from tests.helpers import make_thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_flood_interval")]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a moderator's write as the site does, with what waits for its commit (the recount of
    the members whose alerts it hid, showed or deleted)."""

    def run(service, **arguments):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**arguments)

    return run


def stored(member):
    """The member's stored count, checked against their alerts as the alerts page counts."""
    count = User.objects.get(pk=member.pk).unread_alerts
    assert count == Alert.objects.for_member(member).unread().count()
    return count


@pytest.fixture
def watched(reader, thread):
    watch_thread(user=reader, thread=thread)
    return thread


def test_a_member_starts_with_no_unread_alerts(reader):
    assert stored(reader) == 0


def test_a_reply_in_a_watched_thread_counts_one(reply, reader, writer, watched):
    reply(watched, writer)

    assert stored(reader) == 1


def test_more_replies_before_reading_still_count_one(reply, reader, writer, watched):
    reply(watched, writer)
    reply(watched, writer, "Another one.")

    assert stored(reader) == 1


def test_a_quote_and_a_mention_count_one_each(reply, reader, writer, board):
    thread = make_thread(posts=1, board=board)
    other = make_thread(posts=1, board=board)
    quoted = reply(thread, reader, "My words.")
    mark_thread_read(user=reader, thread=thread, position=quoted.position)

    reply(thread, writer, f'[quote="ann, post:{quoted.position}"]My words.[/quote]\nIndeed.')
    reply(other, writer, "What do you think, @ann?")

    assert stored(reader) == 2


def test_likes_count_one_until_read(committed, reader, board):
    thread = make_thread(posts=1, board=board)
    post = thread.posts.get()
    post.author = reader
    post.save()

    for name in ["cat", "dan", "eve"]:
        # The like's alert is a task's, once the like commits.
        committed(like_post, post=post, user=UserFactory(username=name))

    assert stored(reader) == 1


def test_a_moderators_action_counts_one(committed, reader, moderator, board):
    thread = make_thread(posts=2, board=board, starter=reader)

    committed(hide_thread, thread=thread, by=moderator)

    assert stored(reader) == 1


def test_reading_the_thread_answers_the_alert(reply, reader, writer, watched):
    post = reply(watched, writer)

    mark_thread_read(user=reader, thread=watched, position=post.position)

    assert stored(reader) == 0


def test_the_page_that_answers_an_alert_shows_the_count_without_it(
    client, reply, reader, writer, watched
):
    reply(watched, writer)
    client.force_login(reader)

    html = client.get(watched.get_absolute_url()).content.decode()

    assert stored(reader) == 0
    assert "header-alerts__count" not in html


def test_opening_an_alert_reads_it(reply, reader, writer, watched):
    reply(watched, writer)
    (alert,) = Alert.objects.filter(user=reader)

    open_alert(alert=alert)

    assert stored(reader) == 0


def test_opening_an_alert_twice_counts_it_once(client, reply, reader, writer, watched):
    reply(watched, writer)
    reply(make_thread(posts=1, board=watched.board), writer, "Hello @ann.")
    alert = Alert.objects.filter(user=reader).order_by("pk").first()
    client.force_login(reader)

    client.get(reverse("follow:open", args=[alert.pk]))
    client.get(reverse("follow:open", args=[alert.pk]))

    assert stored(reader) == 1


def test_mark_alerts_read_reads_them_all(reply, reader, writer, watched):
    reply(watched, writer)
    reply(watched, writer, "Hello @ann.")

    mark_alerts_read(user=reader)

    assert stored(reader) == 0


def test_mark_all_read_leaves_the_alerts_as_they_were(reply, reader, writer, watched):
    reply(watched, writer)

    mark_all_read(user=reader)

    assert stored(reader) == 1


def test_an_alert_about_a_post_hidden_since_no_longer_counts(
    committed, reply, reader, writer, moderator, watched
):
    post = reply(watched, writer)

    committed(hide_post, post=post, by=moderator)

    assert stored(reader) == 0


def test_an_alert_about_a_post_shown_again_counts_again(
    committed, reply, reader, writer, moderator, watched
):
    post = reply(watched, writer)
    committed(hide_post, post=post, by=moderator)

    committed(restore_post, post=post, by=moderator)

    assert stored(reader) == 1


def test_alerts_in_a_thread_hidden_since_no_longer_count_and_count_again_once_shown(
    committed, reply, reader, writer, moderator, watched
):
    reply(watched, writer)

    committed(hide_thread, thread=watched, by=moderator)
    assert stored(reader) == 0

    committed(restore_thread, thread=watched, by=moderator)
    assert stored(reader) == 1


def test_alerts_of_a_merged_thread_go_with_it(committed, reply, reader, writer, moderator, board):
    source, target = make_thread(posts=1, board=board), make_thread(posts=1, board=board)
    watch_thread(user=reader, thread=source)
    reply(source, writer)

    committed(merge_threads, sources=[source], target=target, by=moderator)

    assert stored(reader) == 0


def test_a_reply_by_an_ignored_member_counts_nothing(reply, reader, writer, watched):
    ignore_member(member=reader, ignored=writer)

    reply(watched, writer)

    assert stored(reader) == 0


def test_an_approved_post_counts_once_approved(
    reply, reader, moderator, watched, settings, django_capture_on_commit_callbacks
):
    settings.FORUM_MODERATE_FIRST_POSTS_WITH_LINKS = 5
    held = reply(watched, UserFactory(username="newbie"), "See https://example.com")
    assert stored(reader) == 0

    with django_capture_on_commit_callbacks(execute=True):
        approve_post(post=held, by=moderator)

    assert stored(reader) == 1


def test_a_recount_puts_a_wrong_count_right(reply, reader, writer, watched):
    reply(watched, writer)
    User.objects.filter(pk=reader.pk).update(unread_alerts=7)

    recount_unread_alerts([reader.pk])

    assert stored(reader) == 1


def test_the_header_shows_the_stored_count(client, reader, thread):
    User.objects.filter(pk=reader.pk).update(unread_alerts=3)
    client.force_login(reader)

    html = client.get(reverse("boards:index")).content.decode()

    assert '<span class="visually-hidden">(</span>3<' in html


@pytest.mark.parametrize("kind", [Kind.LIKE, Kind.MODERATION])
def test_reading_a_thread_leaves_the_alerts_reading_does_not_answer(reader, moderator, board, kind):
    thread = make_thread(posts=2, board=board, starter=reader)
    post = thread.posts.get(position=2)
    Alert.objects.create(user=reader, kind=kind, thread=thread, post=post, action="locked")
    recount_unread_alerts([reader.pk])

    mark_thread_read(user=reader, thread=thread, position=2)

    assert stored(reader) == 1
