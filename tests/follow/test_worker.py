"""The production path: tasks kept as rows by the database backend, run by a real
``manage.py db_worker`` process that this test starts and waits for."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from forum.follow.models import Alert, Preferences
from forum.follow.services import watch_thread
from forum.posts.services import reply_to_thread
from tests.factories import UserFactory
from tests.helpers import make_thread

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_the_alerts_and_mails_of_a_reply(settings, tmp_path, board):
    settings.TASKS = DATABASE_BACKEND
    settings.FORUM_FLOOD_INTERVAL = 0
    thread = make_thread(posts=2, board=board)
    watchers = [UserFactory() for _ in range(5)]
    for watcher in watchers:
        watch_thread(user=watcher, thread=thread)
        Preferences.objects.create(user=watcher, email_reply=True)

    reply_to_thread(thread=thread, author=UserFactory(), body="For the worker.")
    assert Alert.objects.count() == 0  # queued, not done in the request

    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "TASK_BACKEND": "database",
        "EMAIL_FILE_PATH": str(tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )

    assert Alert.objects.count() == 5
    mails = "".join(path.read_text() for path in tmp_path.iterdir())
    assert mails.count("List-Unsubscribe-Post") == 5
