"""A task exists exactly when the write that asked for it commits."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from forum.follow.models import Alert
from forum.follow.services import watch_thread
from forum.posts.services import reply_to_thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_flood_interval")]


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.usefixtures("database_backend")
def test_a_reply_queues_its_alert_task_in_its_own_transaction(reader, writer, thread):
    watch_thread(user=reader, thread=thread)

    reply_to_thread(thread=thread, author=writer, body="Queued.")

    (task,) = DBTaskResult.objects.all()
    assert task.task_path == "forum.follow.tasks.alert_post"
    assert Alert.objects.count() == 0  # the worker's job, not the request's


@pytest.mark.usefixtures("database_backend")
def test_a_rolled_back_reply_leaves_no_task(writer, thread):
    with pytest.raises(RuntimeError), transaction.atomic():
        reply_to_thread(thread=thread, author=writer, body="Never.")
        raise RuntimeError

    assert not DBTaskResult.objects.exists()


def test_with_the_immediate_backend_the_task_waits_for_the_commit(
    reader, writer, thread, django_capture_on_commit_callbacks
):
    watch_thread(user=reader, thread=thread)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reply_to_thread(thread=thread, author=writer, body="Later.")

    assert len(callbacks) == 1
    assert Alert.objects.count() == 0
