"""Mails of new messages: only to participants who asked, never to the author, never about
someone they ignore, and only once the message is committed."""

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from accounts.models import User
from forum.conversations import services
from forum.conversations.models import Participant
from forum.follow.models import MailFailure

pytestmark = pytest.mark.django_db


def wants_mail(*members):
    User.objects.filter(pk__in=[member.pk for member in members]).update(conversation_mail=True)


def test_nobody_is_mailed_who_did_not_ask(alice, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.start_conversation(starter=alice, recipients=[bob], title="Hi", body="Hello")
    assert mail.outbox == []


def test_a_recipient_who_asked_is_mailed_the_new_conversation(
    alice, bob, django_capture_on_commit_callbacks
):
    wants_mail(bob)
    with django_capture_on_commit_callbacks(execute=True):
        conversation = services.start_conversation(
            starter=alice, recipients=[bob], title="Meet-up", body="Saturday at noon?"
        )
    (sent,) = mail.outbox
    assert sent.to == ["bob@example.com"]
    assert "alice started a conversation with you: Meet-up" in sent.subject
    assert "Saturday at noon?" in sent.body
    assert conversation.get_absolute_url() in sent.body


def test_replies_are_mailed_to_the_others_not_the_author(
    conversation, alice, bob, django_capture_on_commit_callbacks
):
    wants_mail(alice, bob)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_conversation(conversation=conversation, author=bob, body="Yes")
    (sent,) = mail.outbox
    assert sent.to == ["alice@example.com"]
    assert "bob replied in “Meet-up”" in sent.subject


def test_members_who_left_or_ignore_the_author_are_not_mailed(
    conversation, alice, bob, carol, django_capture_on_commit_callbacks
):
    services.invite(conversation=conversation, by=alice, members=[carol])
    wants_mail(bob, carol)
    services.leave(
        participant=Participant.objects.get(conversation=conversation, user=bob), for_good=True
    )
    User.objects.filter(pk=carol.pk).update(ignoring=[alice.pk])
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_conversation(conversation=conversation, author=alice, body="Anyone?")
    assert mail.outbox == []


def test_no_mail_leaves_for_a_message_that_rolled_back(
    conversation, alice, bob, django_capture_on_commit_callbacks
):
    from django.db import transaction

    wants_mail(bob)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.reply_to_conversation(conversation=conversation, author=alice, body="Oops")
        raise RuntimeError
    assert mail.outbox == []


def test_the_preferences_page_turns_the_mails_on(client, member):
    client.force_login(member)
    client.post(
        "/account/preferences/",
        {"time_zone": "", "conversations_from": "everyone", "conversation_mail": "on"},
    )
    assert User.objects.get(pk=member.pk).conversation_mail


class FailingBackend(EmailBackend):
    """A mail server that refuses everything."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_mail_that_never_goes_is_recorded_without_the_private_title(
    conversation, alice, bob, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.conversations.test_mail.FailingBackend"
    settings.FORUM_MAIL_ATTEMPTS = 3
    wants_mail(bob)
    with django_capture_on_commit_callbacks(execute=True):
        message = services.reply_to_conversation(
            conversation=conversation, author=alice, body="Secret"
        )
    (failure,) = MailFailure.objects.all()
    assert failure.recipient == "bob@example.com"
    assert failure.attempts == 3
    assert "Meet-up" not in failure.subject
    assert str(message.pk) in failure.subject


def test_the_mail_is_queued_with_the_message_for_the_worker(
    conversation, alice, bob, settings, django_capture_on_commit_callbacks
):
    wants_mail(bob)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.reply_to_conversation(conversation=conversation, author=alice, body="Later")
    # Nothing is sent inside the request's transaction; the task goes once it commits.
    assert mail.outbox == []
    assert len(callbacks) == 1
