"""Mails of new conversation messages, for the participants who asked for them (opt-in on the
Preferences page).

Sent once the message is committed, never for one that rolled back; a mail server that fails
is logged and costs the sender nothing (their message is saved).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from forum.conversations.models import Message, Participant

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


def send_message_mails(message_id):
    """Mail the participants who asked about message ``message_id``."""
    message = Message.objects.select_related("conversation", "author").filter(pk=message_id).first()
    if message is None:
        return
    mails = [message_mail(message, member) for member in recipients_of(message)]
    if not mails:
        return
    try:
        with get_connection() as connection:
            connection.send_messages(mails)
    except Exception:  # noqa: BLE001 (the message is saved; a mail server down loses only mail)
        logger.exception("Conversation mails for message %s failed", message_id)


def mail_after_commit(message):
    """Send the mails of ``message`` once the transaction that wrote it commits."""
    transaction.on_commit(lambda: send_message_mails(message.pk))
