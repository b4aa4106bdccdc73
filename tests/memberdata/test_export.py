"""The archive assembled from every app, and the signed links to stored archives."""

import json
import os
import time

import pytest
from django.core import signing
from django.core.files.storage import default_storage

from forum.conversations.services import start_conversation
from forum.memberdata.export import (
    SALT,
    LinkRefused,
    archive_bytes,
    archive_name,
    built_in_background,
    clear_expired_archives,
    store_archive,
)
from forum.posts.services import reply_to_thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def exports_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.FORUM_CONVERSATION_NEW_MEMBER_POSTS = 0


@pytest.fixture
def writer(thread):
    writer = UserFactory(username="writer")
    reply_to_thread(thread=thread, author=writer, body="My *own* words.")
    return writer


def test_the_archive_holds_posts_and_conversations(writer):
    other = UserFactory(username="other")
    start_conversation(starter=writer, recipients=[other], title="Hello", body="Hi *there*.")

    data = json.loads(archive_bytes(writer))

    assert data["format"] == "forum-member-data/1"
    assert [post["source"] for post in data["posts"]] == ["My *own* words."]
    assert [c["title"] for c in data["conversations"]] == ["Hello"]
    assert data["conversations"][0]["messages"][0]["source"] == "Hi *there*."


def test_accounts_above_the_limit_are_built_in_the_background(writer, settings):
    settings.FORUM_EXPORT_INLINE_MAX_POSTS = 1
    assert not built_in_background(writer)

    settings.FORUM_EXPORT_INLINE_MAX_POSTS = 0
    assert built_in_background(writer)


def test_a_stored_archive_has_a_random_name(writer):
    first, second = store_archive(writer), store_archive(writer)

    assert first != second
    assert json.loads(default_storage.open(first).read())["profile"]["username"] == "writer"


def test_a_link_is_refused_to_another_member(writer):
    name = store_archive(writer)
    token = signing.dumps({"member": writer.pk, "name": name}, salt=SALT)

    with pytest.raises(LinkRefused) as refused:
        archive_name(token, UserFactory())

    assert refused.value.status == 403
    assert archive_name(token, writer) == name


def test_archives_whose_links_expired_are_cleared(writer, settings):
    old, new = store_archive(writer), store_archive(writer)
    path = default_storage.path(old)
    past = time.time() - settings.FORUM_EXPORT_LINK_SECONDS - 60
    os.utime(path, (past, past))

    assert clear_expired_archives() == 1

    assert not default_storage.exists(old)
    assert default_storage.exists(new)


def test_clearing_before_any_archive_does_nothing():
    assert clear_expired_archives() == 0
