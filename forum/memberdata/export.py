"""The archive, and the signed links to the ones the worker builds for large accounts.

A member with more than ``FORUM_EXPORT_INLINE_MAX_POSTS`` posts gets the archive by mail: the
worker stores it through ``default_storage`` under a random name (``FORUM_EXPORT_DIR``) and
mails a link signed with the member's id and that name, valid ``FORUM_EXPORT_LINK_SECONDS``.
"""

import json
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone

from forum.conversations.members import export_member_conversations
from forum.posts.members import export_member_data
from forum.posts.models import Post

SALT = "forum.memberdata.export"


def member_archive(member):
    """Everything ``member`` gave the forum, as one JSON-ready dict."""
    data = export_member_data(member)
    data["conversations"] = export_member_conversations(member)
    return data


def archive_bytes(member):
    data = member_archive(member)
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False).encode()


def built_in_background(member):
    """Whether ``member``'s archive is too large to build within a request."""
    limit = settings.FORUM_EXPORT_INLINE_MAX_POSTS
    return Post.objects.filter(author=member)[limit : limit + 1].exists()


def store_archive(member):
    """Build and store ``member``'s archive; returns its storage name (not guessable)."""
    name = f"{settings.FORUM_EXPORT_DIR}/{member.pk}-{secrets.token_urlsafe(32)}.json"
    return default_storage.save(name, ContentFile(archive_bytes(member)))


def clear_expired_archives():
    """Delete the stored archives whose links have expired; returns how many went."""
    folder = settings.FORUM_EXPORT_DIR
    if not default_storage.exists(folder):
        return 0
    cutoff = timezone.now() - timedelta(seconds=settings.FORUM_EXPORT_LINK_SECONDS)
    gone = 0
    for filename in default_storage.listdir(folder)[1]:
        name = f"{folder}/{filename}"
        if default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)
            gone += 1
    return gone


def download_path(member, name):
    token = signing.dumps({"member": member.pk, "name": name}, salt=SALT, compress=True)
    return reverse("memberdata:download", kwargs={"token": token})


class LinkRefused(Exception):
    """The link was altered, has expired, or is someone else's; ``status`` says which."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def archive_name(token, member):
    """The storage name a download link points at, if it is ``member``'s and still valid."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.FORUM_EXPORT_LINK_SECONDS)
    except signing.SignatureExpired:
        raise LinkRefused(410, "This link has expired: ask for your data again.") from None
    except signing.BadSignature:
        raise LinkRefused(404, "This link is not valid.") from None
    if payload.get("member") != member.pk:
        raise LinkRefused(403, "This link is for another member's data.")
    name = payload.get("name", "")
    if not default_storage.exists(name):
        raise LinkRefused(410, "This archive is gone: ask for your data again.")
    return name
