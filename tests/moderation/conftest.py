import pytest

from accounts.roles import Role
from tests.factories import UserFactory


def banned(user, reason="Spamming links."):
    user.is_banned = True
    user.ban_reason = reason
    user.save(update_fields=["is_banned", "ban_reason"])
    return user


@pytest.fixture
def senior_member(db):
    return UserFactory(username="senior", role=Role.SENIOR_MEMBER)


@pytest.fixture
def banned_member(db):
    return banned(UserFactory(username="banned"))


@pytest.fixture
def banned_moderator(db):
    return banned(UserFactory(username="banned-mod", role=Role.MODERATOR))
