"""Writes sent at once take turns on the conversation's row lock (PostgreSQL)."""

import pytest

from forum.conversations import services
from forum.conversations.models import Conversation, Participant
from tests.factories import UserFactory
from tests.helpers import errors_of, run_at_once

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgresql]


@pytest.fixture(autouse=True)
def seasoned_members(settings):
    settings.FORUM_CONVERSATION_NEW_MEMBER_POSTS = 0


def test_replies_sent_at_once_get_the_next_positions_and_counters_add_up():
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    conversation = services.start_conversation(
        starter=alice, recipients=[bob], title="Race", body="Go"
    )

    outcomes = run_at_once(
        *(
            lambda author=author: services.reply_to_conversation(
                conversation=conversation, author=author, body="Me first"
            )
            for author in (alice, bob, alice, bob)
        )
    )

    assert errors_of(outcomes) == []
    assert sorted(message.position for message in outcomes) == [2, 3, 4, 5]
    conversation.refresh_from_db()
    assert conversation.message_count == conversation.last_position == 5


def test_invitations_sent_at_once_count_each_member_once():
    alice, bob, carol = (UserFactory(username=name) for name in ("alice", "bob", "carol"))
    conversation = services.start_conversation(
        starter=alice, recipients=[bob], title="Race", body="Go", open_invites=True
    )

    outcomes = run_at_once(
        lambda: services.invite(conversation=conversation, by=alice, members=[carol]),
        lambda: services.invite(conversation=conversation, by=bob, members=[carol]),
    )

    assert errors_of(outcomes) == []
    assert Participant.objects.filter(conversation=conversation, user=carol).count() == 1
    assert Conversation.objects.get(pk=conversation.pk).participant_count == 3
