"""Enqueueing a task so that it exists exactly when the write that asked for it commits."""

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks_db import DatabaseBackend


def enqueue_with_transaction(task, *args):
    """Enqueue ``task(*args)`` as part of the current transaction: a rollback leaves no task,
    a commit leaves one, whatever happens to the process in between.

    The database backend's task is a row, written in this very transaction, so it commits or
    vanishes with the reply (a crash right after the commit loses nothing; the worker cannot
    see the row before). Any other backend (the immediate one, in development and tests) runs
    the task from ``on_commit``, never for a write that rolls back.
    """
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(partial(task.enqueue, *args))


def retry_of(task, attempt):
    """``task`` to enqueue again after failed try number ``attempt`` (a mail server down), to
    run after a wait that doubles with each try; None once ``FORUM_MAIL_ATTEMPTS`` tries have
    failed, when the caller records the failure instead."""
    if attempt >= settings.FORUM_MAIL_ATTEMPTS:
        return None
    if not task.get_backend().supports_defer:
        return task
    wait = settings.FORUM_MAIL_RETRY_SECONDS * 2 ** (attempt - 1)
    return task.using(run_after=timezone.now() + timedelta(seconds=wait))
