"""The account's "Your data" page, and the download of an archive built in the background."""

import json
import time
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse

from forum.memberdata.export import SALT, download_path, store_archive
from forum.posts.services import reply_to_thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EXPORT = reverse("memberdata:export")


@pytest.fixture(autouse=True)
def exports_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.FORUM_SITE_URL = "https://forum.example"


@pytest.fixture
def writer(thread):
    writer = UserFactory(username="writer", email="writer@example.com")
    reply_to_thread(thread=thread, author=writer, body="My *own* words.")
    return writer


@pytest.fixture
def own(client, writer):
    """The writer's own browser."""
    client.force_login(writer)
    return client


@pytest.fixture
def large(settings):
    settings.FORUM_EXPORT_INLINE_MAX_POSTS = 0


def test_visitors_are_sent_to_log_in(client):
    response = client.get(EXPORT)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_export_page_explains_before_downloading(own, writer):
    response = own.get(EXPORT)

    assert response.status_code == 200
    assert "Download my data" in response.content.decode()


def test_a_small_account_downloads_at_once_as_a_json_file(own, writer, mailoutbox):
    response = own.post(EXPORT)

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="forum-data-')
    data = json.loads(response.content)
    assert [post["source"] for post in data["posts"]] == ["My *own* words."]
    assert mailoutbox == []


@pytest.mark.usefixtures("large")
def test_a_large_account_has_its_archive_built_by_a_task(own, writer, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    response = own.post(EXPORT)

    assert response.status_code == 202
    assert "email you a link" in response.content.decode()
    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "forum.memberdata.tasks.build_archive"
    assert task.args_kwargs["args"] == [writer.pk]


@pytest.mark.usefixtures("large")
def test_a_large_account_without_an_address_is_told_to_add_one(own, writer, mailoutbox):
    writer.email = ""
    writer.save()

    response = own.post(EXPORT)

    assert response.status_code == 400
    assert "no email address" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.usefixtures("large")
def test_the_mailed_link_downloads_the_archive_for_its_member(
    own, writer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        own.post(EXPORT)

    [mail] = mailoutbox
    path = next(line for line in mail.body.split() if "/account/export/" in line)
    response = own.get(path.removeprefix("https://forum.example"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="forum-data-')
    data = json.loads(b"".join(response.streaming_content))
    assert [post["source"] for post in data["posts"]] == ["My *own* words."]


def test_the_link_is_refused_to_another_member(client, writer):
    path = download_path(writer, store_archive(writer))
    client.force_login(UserFactory())

    response = client.get(path)

    assert response.status_code == 403


def test_a_tampered_link_is_refused(own, writer):
    name = store_archive(writer)
    path = download_path(writer, name)
    forged = signing.dumps({"member": writer.pk, "name": name}, salt="another salt")

    assert own.get(path[:-3] + "abc/").status_code == 404
    assert own.get(reverse("memberdata:download", args=[forged])).status_code == 404


def test_an_expired_link_is_refused(own, writer, settings):
    name = store_archive(writer)
    signed_at = time.time() - settings.FORUM_EXPORT_LINK_SECONDS - 1
    with mock.patch("django.core.signing.time.time", return_value=signed_at):
        token = signing.dumps({"member": writer.pk, "name": name}, salt=SALT)

    response = own.get(reverse("memberdata:download", args=[token]))

    assert response.status_code == 410
    assert "expired" in response.content.decode()
