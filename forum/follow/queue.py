"""Enqueueing a task so that it exists exactly when the write that asked for it commits."""

from functools import partial

from django.db import transaction
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
