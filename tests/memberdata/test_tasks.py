"""The worker builds a large account's archive, stores it and mails the link."""

import json

import pytest
from django.core.files.storage import default_storage
from django.core.mail.backends.base import BaseEmailBackend

from forum.follow.models import MailFailure
from forum.memberdata.export import archive_name
from forum.memberdata.tasks import build_archive
from forum.posts.services import reply_to_thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def exports_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.FORUM_SITE_URL = "https://forum.example"


@pytest.fixture
def writer(thread):
    writer = UserFactory(username="writer", email="writer@example.com")
    reply_to_thread(thread=thread, author=writer, body="Large, honestly.")
    return writer


def _token(mail):
    url = next(line for line in mail.body.splitlines() if line.startswith("https://"))
    return url.rstrip("/").rsplit("/", 1)[1]


def test_the_task_stores_the_archive_and_mails_a_link_to_it(writer, mailoutbox):
    build_archive.call(writer.pk)

    [mail] = mailoutbox
    assert mail.to == ["writer@example.com"]
    assert "https://forum.example/account/export/" in mail.body
    name = archive_name(_token(mail), writer)
    data = json.loads(default_storage.open(name).read())
    assert [post["source"] for post in data["posts"]] == ["Large, honestly."]


def test_no_mail_for_an_account_gone_meanwhile(writer, mailoutbox):
    writer.is_active = False
    writer.save()

    build_archive.call(writer.pk)

    assert mailoutbox == []


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "tests.memberdata.test_tasks.RefusingBackend"


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@pytest.mark.usefixtures("mail_server_down")
def test_a_link_mail_that_cannot_go_is_tried_again_then_recorded(writer, settings):
    settings.FORUM_MAIL_ATTEMPTS = 3

    build_archive.call(writer.pk)

    [failure] = MailFailure.objects.all()
    assert (failure.recipient, failure.attempts) == ("writer@example.com", 3)
    assert "mail server down" in failure.error
