from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import UserFactory


@pytest.fixture
def reader(db):
    """A member who joined a week ago: everything posted since is new to them."""
    return UserFactory(username="ann", date_joined=timezone.now() - timedelta(days=7))


@pytest.fixture
def writer(db):
    return UserFactory(username="bob", date_joined=timezone.now() - timedelta(days=7))
