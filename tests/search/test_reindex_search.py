import io

import pytest
from django.core.management import call_command

from forum.posts.models import Post
from forum.threads.models import Thread
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db


@pytest.mark.postgresql
def test_reindex_search_stores_every_vector(board):
    # Factories write rows directly, as an upgrade finds them: without vectors.
    make_thread(posts=7, board=board)
    make_thread(posts=3, board=board)
    out = io.StringIO()

    call_command("reindex_search", "--batch-size", "4", "--no-progress", stdout=out)

    assert not Post.objects.filter(search_vector=None).exists()
    assert not Thread.objects.filter(title_vector=None).exists()
    assert "Indexed 10 posts and 2 thread titles" in out.getvalue()


@pytest.mark.postgresql
def test_reindex_search_shows_a_progress_bar(board):
    make_thread(posts=3, board=board)
    err = io.StringIO()

    call_command("reindex_search", stdout=io.StringIO(), stderr=err)

    assert "posts: 100%" in err.getvalue()


def test_reindex_search_refuses_a_batch_of_nothing(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        call_command("reindex_search", "--batch-size", "0")
