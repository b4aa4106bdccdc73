from datetime import timedelta

import pytest
from django.utils import timezone

from forum.posts.services import like_post, reply_to_thread
from tests.factories import UserFactory


@pytest.fixture
def reader(db):
    """A member who joined a week ago: everything posted since is new to them."""
    return UserFactory(username="ann", date_joined=timezone.now() - timedelta(days=7))


@pytest.fixture
def writer(db):
    return UserFactory(username="bob", date_joined=timezone.now() - timedelta(days=7))


@pytest.fixture
def reply(django_capture_on_commit_callbacks):
    """Reply as the site does, running what waits for the commit (the alert tasks)."""

    def send(thread, author, body="A reply."):
        with django_capture_on_commit_callbacks(execute=True):
            return reply_to_thread(thread=thread, author=author, body=body)

    return send


@pytest.fixture
def like(django_capture_on_commit_callbacks):
    """Like as the site does, running what waits for the commit (the like's alert task)."""

    def send(post, user):
        with django_capture_on_commit_callbacks(execute=True):
            return like_post(post=post, user=user)

    return send
