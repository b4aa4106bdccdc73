"""The conversation rules of forum.permissions, asked directly."""

import pytest

from accounts.models import ConversationsFrom, User
from accounts.roles import Role
from forum import permissions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "limit"),
    [
        (Role.MEMBER, 5),
        (Role.SENIOR_MEMBER, 20),
        (Role.MODERATOR, None),
        (Role.ADMINISTRATOR, None),
    ],
)
def test_the_recipient_limit_follows_the_role(role, limit):
    assert permissions.conversation_recipient_limit(UserFactory(role=role)) == limit


def test_a_new_member_has_one_recipient_whatever_the_role_allows(settings):
    settings.FORUM_CONVERSATION_NEW_MEMBER_POSTS = 5
    senior = UserFactory(role=Role.SENIOR_MEMBER)
    assert permissions.conversation_recipient_limit(senior) == 1
    User.objects.filter(pk=senior.pk).update(message_count=5)
    senior.refresh_from_db()
    assert permissions.conversation_recipient_limit(senior) == 20


def test_nobody_writes_to_themselves():
    member = UserFactory()
    assert permissions.why_cannot_add_recipient(member, member)


def test_a_deactivated_member_receives_nothing():
    assert permissions.why_cannot_add_recipient(UserFactory(), UserFactory(is_active=False))


def test_staff_only_lets_staff_through():
    recipient = UserFactory(conversations_from=ConversationsFrom.STAFF)
    assert permissions.why_cannot_add_recipient(UserFactory(), recipient)
    assert permissions.why_cannot_add_recipient(UserFactory(role=Role.MODERATOR), recipient) is None


def test_nobody_means_nobody_staff_included():
    recipient = UserFactory(conversations_from=ConversationsFrom.NOBODY)
    assert permissions.why_cannot_add_recipient(UserFactory(role=Role.ADMINISTRATOR), recipient)


@pytest.mark.parametrize(
    ("role", "followed", "accepted"),
    [
        (Role.MEMBER, False, False),
        (Role.MEMBER, True, True),
        (Role.SENIOR_MEMBER, False, False),
        (Role.SENIOR_MEMBER, True, True),
        (Role.MODERATOR, False, True),
        (Role.ADMINISTRATOR, False, True),
    ],
)
def test_members_i_follow_lets_the_followed_and_staff_through(role, followed, accepted):
    recipient = UserFactory(conversations_from=ConversationsFrom.FOLLOWED)
    refusal = permissions.why_cannot_add_recipient(
        UserFactory(role=role), recipient, followed_by_recipient=followed
    )
    assert (refusal is None) is accepted


def test_being_followed_does_not_open_a_staff_only_inbox():
    recipient = UserFactory(conversations_from=ConversationsFrom.STAFF)
    assert permissions.why_cannot_add_recipient(
        UserFactory(), recipient, followed_by_recipient=True
    )


def test_any_member_may_follow_another_but_not_themselves():
    member = UserFactory()
    assert permissions.can_follow_member(member, UserFactory())
    assert not permissions.can_follow_member(member, member)
    assert not permissions.can_follow_member(member, UserFactory(is_active=False))


def test_reading_needs_a_row_of_ones_own_not_left_for_good():
    class Row:
        def __init__(self, user_id, state):
            self.user_id, self.state = user_id, state

    member = UserFactory()
    assert permissions.can_read_conversation(member, Row(member.pk, "active"))
    assert permissions.can_read_conversation(member, Row(member.pk, "left"))
    assert not permissions.can_read_conversation(member, Row(member.pk, "left_for_good"))
    assert not permissions.can_read_conversation(member, Row(member.pk + 1, "active"))
    assert not permissions.can_read_conversation(member, None)
