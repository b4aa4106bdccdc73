"""The conversations' part of a member's data archive."""

import pytest

from forum.conversations.members import export_member_conversations
from forum.conversations.services import leave, reply_to_conversation, start_conversation
from tests.conversations.conftest import participant

pytestmark = pytest.mark.django_db


def test_the_conversations_a_member_is_in_come_with_every_message(conversation, alice, bob):
    reply_to_conversation(conversation=conversation, author=bob, body="Yes, *ten* o'clock.")

    [exported] = export_member_conversations(bob)

    assert exported["title"] == "Meet-up"
    assert not exported["started_by_you"]
    assert [(m["author"], m["by_you"], m["source"]) for m in exported["messages"]] == [
        ("alice", False, "Saturday?"),
        ("bob", True, "Yes, *ten* o'clock."),
    ]


def test_nothing_of_conversations_the_member_is_not_in(conversation, alice, carol):
    start_conversation(starter=carol, recipients=[alice], title="Secret", body="Hush.")

    exported = export_member_conversations(alice)
    others = export_member_conversations(carol)

    assert sorted(c["title"] for c in exported) == ["Meet-up", "Secret"]
    assert [c["title"] for c in others] == ["Secret"]
    assert [m["source"] for m in others[0]["messages"]] == ["Hush."]


def test_a_conversation_left_is_still_the_members(conversation, bob):
    leave(participant=participant(conversation, bob))

    [exported] = export_member_conversations(bob)

    assert exported["state"] == "left"
