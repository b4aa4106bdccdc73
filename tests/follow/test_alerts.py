"""Alerts: every kind, and every rule of who gets none."""

import pytest
from django.urls import reverse

from accounts.services import ignore_member
from forum.follow.models import Alert, Kind, Preferences, ThreadWatch
from forum.follow.services import mark_thread_read, watch_board, watch_thread
from forum.posts.services import hide_post, reply_to_thread, start_thread
from forum.threads.services import hide_thread, lock_thread, move_thread
from tests.factories import BoardFactory, UserFactory
from tests.helpers import fix_counters_of, make_thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_flood_interval")]


def alerts_of(member, **filters):
    return list(Alert.objects.filter(user=member, **filters))


def test_a_reply_in_a_watched_thread_alerts_the_watcher(reply, reader, writer, thread):
    watch_thread(user=reader, thread=thread)

    post = reply(thread, writer)

    (alert,) = alerts_of(reader)
    assert (alert.kind, alert.post, alert.actor) == (Kind.REPLY, post, writer)


def test_more_replies_before_reading_make_no_second_alert(reply, reader, writer, thread):
    watch_thread(user=reader, thread=thread)

    reply(thread, writer)
    reply(thread, writer, "Another one.")

    assert len(alerts_of(reader, kind=Kind.REPLY)) == 1


def test_reading_the_thread_answers_the_alert_and_the_next_reply_alerts_again(
    reply, reader, writer, thread
):
    watch_thread(user=reader, thread=thread)
    post = reply(thread, writer)

    mark_thread_read(user=reader, thread=thread, position=post.position)
    reply(thread, writer, "After you read.")

    assert [a.is_unread for a in Alert.objects.filter(user=reader).order_by("pk")] == [
        False,
        True,
    ]


def test_replying_watches_the_thread_by_default(reply, writer, thread):
    reply(thread, writer)

    assert ThreadWatch.objects.filter(user=writer, thread=thread).exists()


def test_a_member_who_turned_auto_watch_off_watches_nothing(reply, writer, thread):
    Preferences.objects.create(user=writer, watch_own_threads=False)

    reply(thread, writer)

    assert not ThreadWatch.objects.filter(user=writer, thread=thread).exists()


def test_a_new_thread_in_a_watched_board_alerts_the_watcher(
    reader, writer, board, django_capture_on_commit_callbacks
):
    watch_board(user=reader, board=board)

    with django_capture_on_commit_callbacks(execute=True):
        thread = start_thread(board=board, author=writer, title="News", body="Hello.")

    (alert,) = alerts_of(reader)
    assert (alert.kind, alert.thread) == (Kind.THREAD, thread)


def test_being_quoted_alerts_the_quoted_author(reply, reader, writer, board):
    thread = make_thread(posts=1, board=board)
    quoted = reply(thread, reader, "My words.")

    reply(thread, writer, f'[quote="ann, post:{quoted.position}"]My words.[/quote]\nIndeed.')

    (alert,) = alerts_of(reader)
    assert alert.kind == Kind.QUOTE


def test_a_quote_and_a_watch_make_one_alert_not_two(reply, reader, writer, board):
    thread = make_thread(posts=1, board=board)
    quoted = reply(thread, reader, "My words.")  # reader now watches the thread

    reply(thread, writer, f'[quote="ann, post:{quoted.position}"]My words.[/quote]\nYes.')

    assert [a.kind for a in alerts_of(reader)] == [Kind.QUOTE]


def test_a_mention_alerts_the_member_named(reply, reader, writer, thread):
    reply(thread, writer, "What do you think, @ann?")

    (alert,) = alerts_of(reader)
    assert alert.kind == Kind.MENTION


def test_a_mention_by_an_ignored_member_alerts_nobody(reply, reader, writer, thread):
    ignore_member(member=reader, ignored=writer)

    reply(thread, writer, "What do you think, @ann?")

    assert alerts_of(reader) == []


def test_a_reply_by_an_ignored_member_in_a_watched_thread_alerts_nobody(
    reply, reader, writer, thread
):
    watch_thread(user=reader, thread=thread)
    ignore_member(member=reader, ignored=writer)

    reply(thread, writer)

    assert alerts_of(reader) == []


def test_a_mention_inside_a_quote_alerts_nobody(reply, reader, writer, thread):
    reply(thread, writer, '[quote="carl"]Ask @ann[/quote]\nNo need.')

    assert alerts_of(reader) == []


def test_likes_gather_in_one_alert(like, reader, board):
    thread = make_thread(posts=1, board=board)
    post = thread.posts.get()
    post.author = reader
    post.save()
    likers = [UserFactory(username=name) for name in ["cat", "dan", "eve", "fay", "gus"]]

    for liker in likers:
        like(post, liker)

    (alert,) = alerts_of(reader)
    assert (alert.kind, alert.actor, alert.other_actor, alert.actor_count) == (
        Kind.LIKE,
        likers[-1],
        likers[-2],
        5,
    )


def test_the_like_alert_reads_a_b_and_3_others(like, client, reader, board):
    thread = make_thread(posts=1, board=board, title="Cats")
    post = thread.posts.get()
    post.author = reader
    post.save()
    for name in ["cat", "dan", "eve", "fay", "gus"]:
        like(post, UserFactory(username=name))
    client.force_login(reader)

    html = client.get(reverse("follow:alerts")).content.decode()

    assert "gus, fay and 3 others liked your post in “Cats”" in html


@pytest.mark.parametrize(
    ("act", "action"),
    [
        (lambda thread, post, by: lock_thread(thread=thread, by=by), "locked"),
        (lambda thread, post, by: hide_thread(thread=thread, by=by), "hid"),
        (
            lambda thread, post, by: move_thread(thread=thread, board=BoardFactory(), by=by),
            "moved",
        ),
        (lambda thread, post, by: hide_post(post=post, by=by), "hid"),
    ],
)
def test_a_moderators_action_alerts_the_author(reader, moderator, board, act, action):
    thread = make_thread(posts=2, board=board, starter=reader)
    post = thread.posts.get(position=2)
    post.author = reader
    post.save()
    fix_counters_of(thread)

    act(thread, post, moderator)

    (alert,) = alerts_of(reader)
    assert (alert.kind, alert.action) == (Kind.MODERATION, action)


# The rules of who gets none.


def test_no_alert_for_ones_own_reply(reply, writer, thread):
    watch_thread(user=writer, thread=thread)

    reply(thread, writer)

    assert alerts_of(writer) == []


def test_no_alert_for_a_mention_of_oneself(reply, writer, thread):
    reply(thread, writer, "Note to self, @bob.")

    assert alerts_of(writer) == []


def test_no_alert_for_liking_ones_own_post(like, writer, board):
    thread = make_thread(posts=1, board=board)
    post = thread.posts.get()
    post.author = writer
    post.save()

    like(post, writer)

    assert alerts_of(writer) == []


def test_no_alert_to_a_banned_member(reply, writer, thread):
    banned = UserFactory(username="ann", banned=True)
    watch_thread(user=banned, thread=thread)

    reply(thread, writer, "Hello @ann.")

    assert alerts_of(banned) == []


def test_no_alert_of_a_post_in_a_hidden_thread(reply, reader, writer, moderator, thread):
    watch_thread(user=reader, thread=thread)
    hide_thread(thread=thread, by=moderator)

    reply(thread, moderator)

    assert alerts_of(reader) == []


def test_no_alert_of_a_post_waiting_for_approval(reply, reader, thread, settings):
    watch_thread(user=reader, thread=thread)
    newcomer = UserFactory(username="newbie")
    settings.FORUM_MODERATE_FIRST_POSTS_WITH_LINKS = 5

    post = reply(thread, newcomer, "Visit https://example.com now")

    assert post.awaiting_approval
    assert alerts_of(reader) == []


def test_a_moderator_acting_on_their_own_post_is_not_alerted(moderator, board):
    thread = make_thread(posts=2, board=board, starter=moderator)

    lock_thread(thread=thread, by=moderator)

    assert alerts_of(moderator) == []


def test_alerts_about_content_hidden_since_no_longer_show(
    client, reply, reader, writer, moderator, thread
):
    watch_thread(user=reader, thread=thread)
    post = reply(thread, writer)
    hide_post(post=post, by=moderator)
    client.force_login(reader)

    html = client.get(reverse("follow:alerts")).content.decode()

    assert "replied to the thread" not in html
    assert Alert.objects.for_member(reader).unread().count() == 0


def test_a_member_who_turned_an_alert_kind_off_gets_none(reply, reader, writer, thread):
    Preferences.objects.create(user=reader, alert_mention=False)

    reply(thread, writer, "Hello @ann.")

    assert alerts_of(reader) == []


def test_a_rolled_back_reply_alerts_nobody(
    reader, writer, thread, django_capture_on_commit_callbacks
):
    from django.db import transaction

    watch_thread(user=reader, thread=thread)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        reply_to_thread(thread=thread, author=writer, body="Never sent.")
        raise RuntimeError

    assert callbacks == []
    assert alerts_of(reader) == []


def test_an_approved_post_alerts_the_watchers_then(
    reply, reader, moderator, thread, settings, django_capture_on_commit_callbacks
):
    from forum.posts.services import approve_post

    watch_thread(user=reader, thread=thread)
    settings.FORUM_MODERATE_FIRST_POSTS_WITH_LINKS = 5
    held = reply(thread, UserFactory(username="newbie"), "See https://example.com")
    assert alerts_of(reader) == []

    with django_capture_on_commit_callbacks(execute=True):
        approve_post(post=held, by=moderator)

    (alert,) = alerts_of(reader)
    assert alert.post == held
