"""A backup taken while members write restores into a new database as the same forum."""

import json
import subprocess
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from accounts.models import User
from forum.backups.archive import MANIFEST, BackupError, restore_backup, take_backup
from forum.posts.models import Like, Post, PostRevision
from forum.posts.services import reply_to_thread
from forum.threads.models import Thread
from tests.factories import UserFactory
from tests.faults.processes import (
    BIN,
    ROOT,
    AppServer,
    Browser,
    collect_static_once,
    database_url,
)

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def restored_url():
    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_restored"
    url = database_url({**settings_dict, "NAME": name})
    yield url
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def forum(transactional_db, settings, tmp_path):
    call_command("generate_forum", preset="tiny", verbosity=0)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "avatars").mkdir(parents=True)
    (tmp_path / "media" / "avatars" / "1.png").write_bytes(b"\x89PNG an avatar")


def write_replies(thread, author, stop, written):
    try:
        while not stop.is_set():
            reply_to_thread(
                thread=thread, author=author, body=f"Written during the dump {len(written)}."
            )
            written.append(1)
    finally:
        connection.close()


def test_a_backup_taken_while_members_write_restores_as_the_same_forum(
    forum, tmp_path, restored_url
):
    busy, quiet = Thread.objects.filter(is_hidden=False).order_by("-last_position")[:2]
    writer, stop, written = UserFactory(username="during"), threading.Event(), []
    writing = threading.Thread(target=write_replies, args=(busy, writer, stop, written))
    writing.start()
    try:
        while len(written) < 3:
            stop.wait(0.05)
        manifest = take_backup(tmp_path / "backup")
        before = len(written)
        while len(written) < before + 3:
            stop.wait(0.05)
    finally:
        stop.set()
        writing.join()

    # The dump is one instant: what was written after it is not in it, and nothing is torn.
    assert manifest["counts"]["posts"] < Post.objects.count()
    assert json.loads((tmp_path / "backup" / MANIFEST).read_text()) == manifest
    counts = restore_backup(
        tmp_path / "backup", database_url=restored_url, media_root=tmp_path / "restored-media"
    )
    assert counts == manifest["counts"]
    assert set(counts) == {"members", "boards", "threads", "posts", "likes", "revisions"}
    assert counts["likes"] == Like.objects.count() and counts["likes"] > 0
    assert counts["revisions"] == PostRevision.objects.count() and counts["revisions"] > 0
    assert counts["members"] == User.objects.count()
    assert (tmp_path / "restored-media" / "avatars" / "1.png").read_bytes() == b"\x89PNG an avatar"
    recount = subprocess.run(
        [str(BIN / "python"), "manage.py", "recount"],
        cwd=ROOT,
        env={**AppServer(database_url=restored_url, redis_url="").env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Every counter was right: 0 fixed." in recount.stdout

    # The same pages: one thread no one wrote in, and a member's profile.
    collect_static_once()
    original = AppServer(database_url=database_url(connection.settings_dict), redis_url="")
    restored = AppServer(database_url=restored_url, redis_url="")
    try:
        for server in (original.start(), restored.start()):
            server.wait_ready()
        visitor = Browser.anonymous()
        member = User.objects.exclude(pk=writer.pk).order_by("pk").first()
        for path in (quiet.get_absolute_url(), member.get_absolute_url()):
            pages = [visitor.get(server, path) for server in (original, restored)]
            assert [page.status for page in pages] == [200, 200]
            # Absolute links (rel=canonical) name the host asked: the servers' ports differ.
            texts = [
                page.text.replace(f":{s.port}/", ":PORT/")
                for page, s in zip(pages, (original, restored), strict=True)
            ]
            assert texts[0] == texts[1]
    finally:
        original.stop()
        restored.stop()


def test_a_restore_refuses_a_database_that_holds_tables(forum, tmp_path):
    take_backup(tmp_path / "backup")

    with pytest.raises(BackupError, match="not empty"):
        restore_backup(tmp_path / "backup", database_url=database_url(connection.settings_dict))
