import pytest

from forum.posts.services import start_thread
from forum.threads.models import Thread
from forum.threads.services import rename_thread

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def title_vector(thread):
    return Thread.objects.values_list("title_vector", flat=True).get(pk=thread.pk)


def test_a_new_thread_has_its_title_indexed(board, member):
    thread = start_thread(board=board, author=member, title="Harbour ferries", body="Words.")

    assert title_vector(thread) == "'ferri':2 'harbour':1"


def test_a_renamed_thread_has_its_new_title_indexed(board, member, moderator):
    thread = start_thread(board=board, author=member, title="Harbour ferries", body="Words.")

    rename_thread(thread=thread, title="Airships", by=moderator)

    assert title_vector(thread) == "'airship':1"
