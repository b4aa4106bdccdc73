"""Mails of new conversation messages, for the participants who asked for them (opt-in on the
Preferences page).

Sent by the background worker of forum.follow (``manage.py db_worker``; at once in development
and tests), queued with the message's own transaction, retried as the alert mails are.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from forum.conversations.models import Message, Participant
from forum.follow.models import MailFailure
from forum.follow.queue import enqueue_with_transaction, retry_of

logger = logging.getLogger(__name__)

# Characters of the message quoted in the mail.
EXCERPT_LENGTH = 500


def recipients_of(message):
    """The members to mail about ``message``: the others taking part who asked for mails, have
    an address, and do not ignore its author."""
    rows = (
        Participant.objects.filter(
            conversation_id=message.conversation_id,
            state=Participant.State.ACTIVE,
            user__conversation_mail=True,
            user__is_active=True,
        )
        .exclude(user_id=message.author_id)
        .exclude(user__email="")
        .select_related("user")
    )
    return [row.user for row in rows if message.author_id not in (row.user.ignoring or ())]


def _absolute(path):
    return settings.FORUM_SITE_URL + path


def message_mail(message, recipient):
    """The mail telling ``recipient`` of ``message`` (its conversation and author loaded)."""
    conversation = message.conversation
    context = {
        "message": message,
        "conversation": conversation,
        "recipient": recipient,
        "excerpt": _excerpt(message),
        "url": _absolute(conversation.get_position_url(message.position)),
        "preferences_url": _absolute(reverse("accounts:account_preferences")),
        "site_name": settings.FORUM_NAME,
    }
    subject = render_to_string("conversations/mail/message_subject.txt", context)
    return EmailMessage(
        subject=f"[{settings.FORUM_NAME}] {' '.join(subject.split())}",
        body=render_to_string("conversations/mail/message_body.txt", context),
        to=[recipient.email],
    )


def _excerpt(message):
    text = " ".join(message.body.split())
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


@task()
def send_message_mails(message_id, attempt=1, only=None):
    """Mail the participants who asked about message ``message_id`` (``only``: the member ids
    a failed try left); those that fail go again later, with growing waits, and are recorded
    in forum.follow's ``MailFailure`` once ``FORUM_MAIL_ATTEMPTS`` tries have failed."""
    message = Message.objects.select_related("conversation", "author").filter(pk=message_id).first()
    if message is None:
        return
    members = [m for m in recipients_of(message) if only is None or m.pk in only]
    failed = {}
    try:
        with get_connection() as connection:
            for member in members:
                try:
                    connection.send_messages([message_mail(message, member)])
                except Exception as error:  # noqa: BLE001 (any failure is retried, never lost)
                    failed[member] = error
    except Exception as error:  # noqa: BLE001 (the server could not be reached at all)
        failed = dict.fromkeys(members, error)
    if not failed:
        return
    retry = retry_of(send_message_mails, attempt)
    if retry is not None:
        retry.enqueue(message_id, attempt + 1, [member.pk for member in failed])
        return
    for member, error in failed.items():
        logger.error(
            "Conversation mail of message %s to %s failed: %s", message_id, member.pk, error
        )
    MailFailure.objects.bulk_create(
        MailFailure(
            recipient=member.email,
            # No title: the conversation is private, and the failure is read in the admin.
            subject=f"Conversation message {message_id}",
            error=repr(error),
            attempts=attempt,
        )
        for member, error in failed.items()
    )


def mail_after_commit(message):
    """Queue the mails of ``message`` with the transaction that wrote it: the background
    worker sends them once it commits, and never for a message that rolled back."""
    enqueue_with_transaction(send_message_mails, message.pk)
