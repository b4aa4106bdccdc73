import pytest

from forum.posts.services import reply_to_thread, start_thread
from tests.factories import BoardFactory, UserFactory


class Writer:
    """Threads and replies written through the services, so their search vectors are stored
    as the forum stores them."""

    def __init__(self, board):
        self.board = board

    def thread(self, title, body, *, author=None, board=None):
        return start_thread(
            board=board or self.board,
            author=author or UserFactory(),
            title=title,
            body=body,
        )

    def reply(self, thread, body, *, author=None):
        return reply_to_thread(thread=thread, author=author or UserFactory(), body=body)


@pytest.fixture
def write(db):
    return Writer(BoardFactory(name="Travel", slug="travel"))
