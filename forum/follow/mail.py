"""The alert mails: what they say, their one-click unsubscribe link, and its signed token."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from forum.follow.models import MAILED_KINDS

_SALT = "forum.follow.unsubscribe"


def unsubscribe_token(user, kind):
    """A token that stops ``kind`` mails to ``user``; signed, so nobody can make another's."""
    return signing.dumps({"member": user.pk, "kind": str(kind)}, salt=_SALT)


def read_unsubscribe_token(token):
    """``(member id, kind)`` from a token, or ``None`` if it was not made here."""
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("kind") not in MAILED_KINDS:
        return None
    if not isinstance(data.get("member"), int):
        return None
    return data["member"], data["kind"]


def absolute(path):
    return settings.FORUM_SITE_URL + path


def alert_message(alert):
    """The mail telling ``alert.user`` of ``alert`` (its user, thread, post and actor loaded)."""
    unsubscribe_url = absolute(
        reverse("follow:unsubscribe", kwargs={"token": unsubscribe_token(alert.user, alert.kind)})
    )
    context = {
        "alert": alert,
        "site_name": settings.FORUM_NAME,
        "excerpt": alert.post.excerpt[:500] if alert.post else "",
        "url": absolute(alert.thread.get_position_url(alert.post.position))
        if alert.post
        else absolute(alert.thread.get_absolute_url()),
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": absolute(reverse("follow:preferences")),
    }
    subject = render_to_string("follow/mail/alert_subject.txt", context)
    return EmailMessage(
        subject=f"[{settings.FORUM_NAME}] {' '.join(subject.split())}",
        body=render_to_string("follow/mail/alert_body.txt", context),
        to=[alert.user.email],
        headers={
            # RFC 2369 and RFC 8058: mail programs show an "unsubscribe" button that POSTs here.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
