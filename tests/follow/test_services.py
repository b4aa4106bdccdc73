"""The follow app's services that the tests of alerts and following leave to themselves."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.follow.models import Alert, Kind, Preferences, ThreadWatch
from forum.follow.services import post_published, watch_own_thread
from forum.posts.models import Post
from forum.posts.services import reply_to_thread
from tests.helpers import make_thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_flood_interval")]


def watches(member, thread):
    return ThreadWatch.objects.filter(user=member, thread=thread).count()


def test_a_member_without_preferences_watches_the_thread_they_wrote_in(reader, thread):
    watch_own_thread(user=reader, thread=thread)

    assert watches(reader, thread) == 1


def test_a_member_who_said_no_does_not_watch_it(reader, thread):
    Preferences.objects.create(user=reader, watch_own_threads=False)

    watch_own_thread(user=reader, thread=thread)

    assert watches(reader, thread) == 0


def test_a_member_who_said_yes_watches_it(reader, thread):
    Preferences.objects.create(user=reader, watch_own_threads=True, email_reply=True)

    watch_own_thread(user=reader, thread=thread)

    assert watches(reader, thread) == 1


def test_watching_again_is_watching_once_in_one_statement(reader, thread):
    watch_own_thread(user=reader, thread=thread)

    with CaptureQueriesContext(connection) as queries:
        watch_own_thread(user=reader, thread=thread)

    assert len(queries) == 1
    assert watches(reader, thread) == 1


def unread_alert(member, post):
    return Alert.objects.create(
        user=member, kind=Kind.REPLY, thread=post.thread, post=post, actor=post.author
    )


def test_a_reply_answers_every_alert_of_its_author_in_the_thread(reader, thread):
    alert = unread_alert(reader, thread.posts.order_by("position").last())

    reply_to_thread(thread=thread, author=reader, body="I read it all before replying.")

    alert.refresh_from_db()
    assert alert.read_at is not None


def test_an_older_post_approved_leaves_alerts_into_later_posts_unread(reader, writer, board):
    thread = make_thread(posts=4, board=board)
    older, later = thread.posts.get(position=2), thread.posts.get(position=4)
    Post.objects.filter(pk=older.pk).update(author=reader)
    alert = unread_alert(reader, later)

    post_published(post=Post.objects.select_related("thread", "author").get(pk=older.pk))

    alert.refresh_from_db()
    assert alert.read_at is None
