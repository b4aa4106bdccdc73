"""Reads and locks of threads (forum/threads/querysets.py)."""

import threading
import time

import pytest
from django.db import connection, transaction

from forum.threads.models import Thread
from tests.factories import BoardFactory
from tests.helpers import make_thread


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_locking_a_thread_being_moved_waits_and_finds_it_on_its_new_board(board):
    thread = make_thread(posts=1, board=board)
    thread = Thread.objects.select_related("board").get(pk=thread.pk)
    elsewhere = BoardFactory()
    moved = threading.Event()

    def move():
        try:
            with transaction.atomic():
                Thread.objects.filter(pk=thread.pk).update(board=elsewhere)
                moved.set()
                time.sleep(0.5)  # the lock below waits for this commit
        finally:
            connection.close()

    mover = threading.Thread(target=move)
    mover.start()
    assert moved.wait(10)
    with transaction.atomic():
        locked = Thread.objects.lock(thread)
    mover.join()

    assert locked.board == elsewhere
