"""Mails and the fan-out to watchers, run by the tasks (at once here: the immediate backend)."""

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from forum.follow.models import Alert, Kind, MailFailure, Preferences
from forum.follow.services import watch_board, watch_thread
from forum.posts.services import like_post, reply_to_thread, start_thread, unlike_post
from tests.factories import PostFactory, UserFactory
from tests.helpers import errors_of, run_at_once

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_flood_interval")]


class FailingBackend(EmailBackend):
    """A mail server that refuses everything."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


class FlakyBackend(EmailBackend):
    """A mail server that refuses the first message it is given, then takes them all."""

    refused = 0

    def send_messages(self, messages):
        if FlakyBackend.refused == 0:
            FlakyBackend.refused += 1
            raise ConnectionResetError("try again")
        return super().send_messages(messages)


@pytest.fixture
def reply(django_capture_on_commit_callbacks):
    def send(thread, author, body="A reply with words worth reading."):
        with django_capture_on_commit_callbacks(execute=True):
            return reply_to_thread(thread=thread, author=author, body=body)

    return send


@pytest.fixture
def mailed_reader(reader):
    Preferences.objects.create(user=reader, email_reply=True, email_mention=True)
    return reader


def test_a_watcher_who_opted_in_is_mailed(reply, mailed_reader, writer, thread, settings):
    settings.FORUM_NAME = "Cat Forum"
    watch_thread(user=mailed_reader, thread=thread)

    post = reply(thread, writer)

    (message,) = mail.outbox
    assert message.to == [mailed_reader.email]
    assert message.subject == f"[Cat Forum] bob replied to the thread “{thread.title}”"
    assert "A reply with words worth reading." in message.body
    assert settings.FORUM_SITE_URL + thread.get_position_url(post.position) in message.body


def test_the_mail_carries_a_one_click_unsubscribe(reply, mailed_reader, writer, thread):
    watch_thread(user=mailed_reader, thread=thread)

    reply(thread, writer)

    (message,) = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/unsubscribe/" in link
    assert link in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_no_mail_without_opting_in(reply, reader, writer, thread):
    watch_thread(user=reader, thread=thread)

    reply(thread, writer)

    assert mail.outbox == []
    assert Alert.objects.filter(user=reader).count() == 1


def test_a_mention_is_mailed_to_a_member_who_opted_in(reply, mailed_reader, writer, thread):
    reply(thread, writer, "Look, @ann.")

    (message,) = mail.outbox
    assert "mentioned you" in message.subject


def test_a_new_thread_mail_needs_its_own_opt_in(
    mailed_reader, writer, board, django_capture_on_commit_callbacks
):
    watch_board(user=mailed_reader, board=board)

    with django_capture_on_commit_callbacks(execute=True):
        start_thread(board=board, author=writer, title="Hi", body="Hello there.")

    assert mail.outbox == []
    assert Alert.objects.filter(user=mailed_reader, kind=Kind.THREAD).count() == 1


def test_a_rolled_back_reply_mails_nobody(
    mailed_reader, writer, thread, django_capture_on_commit_callbacks
):
    from django.db import transaction

    watch_thread(user=mailed_reader, thread=thread)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        reply_to_thread(thread=thread, author=writer, body="Never.")
        raise RuntimeError

    assert mail.outbox == []


def test_watchers_are_alerted_in_chunks(reply, writer, thread, settings):
    settings.FORUM_FANOUT_CHUNK = 3
    watchers = [UserFactory() for _ in range(10)]
    for watcher in watchers:
        watch_thread(user=watcher, thread=thread)

    reply(thread, writer)

    assert Alert.objects.filter(kind=Kind.REPLY).count() == 10


def test_the_reply_itself_does_not_fan_out(
    writer, thread, settings, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    for _ in range(30):
        watch_thread(user=UserFactory(), thread=thread)

    # The reply's own transaction touches no watcher: the alerts wait for the commit.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reply_to_thread(thread=thread, author=writer, body="Quick.")

    assert Alert.objects.count() == 0
    assert len(callbacks) == 1


def test_a_failed_mail_is_retried_then_recorded(reply, mailed_reader, writer, thread, settings):
    settings.EMAIL_BACKEND = "tests.follow.test_tasks.FailingBackend"
    settings.FORUM_MAIL_ATTEMPTS = 3
    watch_thread(user=mailed_reader, thread=thread)

    reply(thread, writer)

    (failure,) = MailFailure.objects.all()
    assert (failure.recipient, failure.attempts) == (mailed_reader.email, 3)
    assert "mail server is down" in failure.error


def test_a_mail_that_fails_once_goes_on_the_next_try(
    reply, mailed_reader, writer, thread, settings
):
    settings.EMAIL_BACKEND = "tests.follow.test_tasks.FlakyBackend"
    FlakyBackend.refused = 0
    watch_thread(user=mailed_reader, thread=thread)

    reply(thread, writer)

    assert len(mail.outbox) == 1
    assert not MailFailure.objects.exists()


def test_a_mail_for_an_alert_read_meanwhile_is_not_sent(mailed_reader, writer, thread):
    from forum.follow.tasks import send_alert_mails

    alert = Alert.objects.create(
        user=mailed_reader, kind=Kind.REPLY, thread=thread, post=thread.posts.last()
    )
    Alert.objects.filter(pk=alert.pk).update(read_at=alert.created_at)

    send_alert_mails.call([alert.pk])

    assert mail.outbox == []


def test_no_mail_about_a_post_hidden_before_the_worker_got_to_it(mailed_reader, thread):
    from forum.follow.tasks import send_alert_mails

    post = thread.posts.last()
    alert = Alert.objects.create(user=mailed_reader, kind=Kind.REPLY, thread=thread, post=post)
    post.is_hidden = True
    post.save()

    send_alert_mails.call([alert.pk])

    assert mail.outbox == []


def test_a_like_itself_makes_no_alert_the_alert_waits_for_the_commit(
    reader, writer, thread, django_capture_on_commit_callbacks
):
    post = PostFactory(thread=thread, author=reader)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        like_post(post=post, user=writer)

    assert Alert.objects.count() == 0
    assert len(callbacks) == 1


def test_a_like_taken_back_before_the_worker_came_makes_no_alert(
    reader, writer, thread, django_capture_on_commit_callbacks
):
    post = PostFactory(thread=thread, author=reader)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        like_post(post=post, user=writer)
    unlike_post(post=post, user=writer)

    callbacks[0]()

    assert Alert.objects.count() == 0


def test_two_likes_whose_tasks_run_later_gather_in_one_alert(
    reader, writer, thread, django_capture_on_commit_callbacks
):
    post = PostFactory(thread=thread, author=reader)
    other = UserFactory(username="cat")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        like_post(post=post, user=writer)
        like_post(post=post, user=other)

    for callback in callbacks:
        callback()

    (alert,) = Alert.objects.filter(user=reader)
    assert (alert.kind, alert.actor, alert.other_actor, alert.actor_count) == (
        Kind.LIKE,
        other,
        writer,
        2,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql
def test_likes_at_once_whose_tasks_run_at_once_gather_in_one_alert():
    author = UserFactory(username="ann")
    post = PostFactory(author=author)
    likers = [UserFactory() for _ in range(6)]

    # Each like commits in its own connection, and its alert task runs right after (the
    # immediate backend): the tasks meet as a worker's would.
    outcomes = run_at_once(*(lambda m=m: like_post(post=post, user=m) for m in likers))

    assert errors_of(outcomes) == []
    (alert,) = Alert.objects.filter(user=author, kind=Kind.LIKE)
    assert alert.actor_count == len(likers)
