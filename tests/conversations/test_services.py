"""Starting, replying, inviting, leaving, reading: counters and unread counts stay true."""

import pytest

from accounts.models import User
from forum.conversations import services
from forum.conversations.models import Conversation, Message, Participant
from tests.conversations.conftest import participant

pytestmark = pytest.mark.django_db

State = Participant.State


def unread(member):
    return User.objects.get(pk=member.pk).unread_conversations


def test_starting_a_conversation_makes_its_first_message_and_participants(conversation, alice, bob):
    assert conversation.message_count == 1
    assert conversation.last_position == 1
    assert conversation.participant_count == 2
    assert conversation.last_message.body == "Saturday?"
    assert set(conversation.participants.values_list("user__username", flat=True)) == {
        "alice",
        "bob",
    }


def test_the_starter_may_invite_and_the_recipients_may_not_unless_allowed(conversation, alice, bob):
    assert participant(conversation, alice).may_invite
    assert not participant(conversation, bob).may_invite


def test_open_invites_let_every_recipient_invite(alice, bob):
    conversation = services.start_conversation(
        starter=alice, recipients=[bob], title="Open", body="Hi", open_invites=True
    )
    assert participant(conversation, bob).may_invite


def test_a_new_conversation_is_unread_for_the_recipients_only(conversation, alice, bob):
    assert unread(bob) == 1
    assert unread(alice) == 0


def test_a_reply_numbers_the_next_position_and_moves_the_counters(conversation, bob):
    message = services.reply_to_conversation(conversation=conversation, author=bob, body="Yes!")
    conversation.refresh_from_db()
    assert message.position == 2
    assert conversation.message_count == 2
    assert conversation.last_message == message


def test_a_reply_makes_the_conversation_unread_for_the_others_and_read_for_its_author(
    conversation, alice, bob
):
    services.reply_to_conversation(conversation=conversation, author=bob, body="Yes!")
    assert unread(alice) == 1
    assert unread(bob) == 0


def test_the_same_form_sent_twice_makes_one_message(conversation, bob):
    import uuid

    token = uuid.uuid4()
    first = services.reply_to_conversation(
        conversation=conversation, author=bob, body="Once", token=token
    )
    again = services.reply_to_conversation(
        conversation=conversation, author=bob, body="Once", token=token
    )
    assert first == again
    assert Message.objects.filter(conversation=conversation).count() == 2


def test_marking_read_and_unread_moves_the_count(conversation, bob):
    row = participant(conversation, bob)
    services.mark_read(participant=row)
    assert unread(bob) == 0
    services.mark_unread(participant=participant(conversation, bob))
    assert unread(bob) == 1


def test_leaving_takes_it_out_of_the_list_until_someone_writes(conversation, alice, bob):
    services.leave(participant=participant(conversation, bob))
    assert list(Participant.objects.listed_for(bob)) == []
    assert unread(bob) == 0
    services.reply_to_conversation(conversation=conversation, author=alice, body="Still there?")
    assert [row.conversation for row in Participant.objects.listed_for(bob)] == [conversation]
    assert unread(bob) == 1


def test_leaving_for_good_keeps_it_away_after_new_messages(conversation, alice, bob):
    services.leave(participant=participant(conversation, bob), for_good=True)
    services.reply_to_conversation(conversation=conversation, author=alice, body="Hello?")
    assert list(Participant.objects.listed_for(bob)) == []
    assert unread(bob) == 0
    assert Conversation.objects.get(pk=conversation.pk).participant_count == 1


def test_leaving_everything_for_good_lowers_each_conversations_count_once(
    conversation, alice, bob, carol
):
    other = services.start_conversation(
        starter=carol, recipients=[bob], title="Second one", body="Hi."
    )
    services.leave(participant=participant(other, bob), for_good=True)

    services.leave_everything_for_good(member=bob)

    assert participant(conversation, bob).state == State.LEFT_FOR_GOOD
    assert Conversation.objects.get(pk=conversation.pk).participant_count == 1
    # Left for good before: not counted twice.
    assert Conversation.objects.get(pk=other.pk).participant_count == 1


def test_inviting_adds_a_member_who_has_it_unread(conversation, alice, carol):
    added = services.invite(conversation=conversation, by=alice, members=[carol])
    assert added == [carol]
    assert participant(conversation, carol).state == State.ACTIVE
    assert unread(carol) == 1
    assert Conversation.objects.get(pk=conversation.pk).participant_count == 3


def test_inviting_a_member_already_in_it_adds_nobody(conversation, alice, bob):
    assert services.invite(conversation=conversation, by=alice, members=[bob]) == []
    assert Conversation.objects.get(pk=conversation.pk).participant_count == 2


def test_inviting_back_a_member_who_left_for_good_counts_them_again(conversation, alice, bob):
    services.leave(participant=participant(conversation, bob), for_good=True)
    services.invite(conversation=conversation, by=alice, members=[bob])
    assert participant(conversation, bob).state == State.ACTIVE
    assert Conversation.objects.get(pk=conversation.pk).participant_count == 2


def test_starring_shows_in_the_starred_list(conversation, bob):
    services.star(participant=participant(conversation, bob), starred=True)
    assert Participant.objects.listed_for(bob, starred=True).count() == 1


def test_editing_a_message_renders_it_again(conversation, alice):
    message = conversation.last_message
    services.edit_message(message=message, by=alice, body="**Sunday?**")
    message.refresh_from_db()
    assert "<strong>Sunday?</strong>" in message.body_html
    assert message.edited_at is not None


def test_the_list_shows_newest_activity_first(alice, bob, carol):
    older = services.start_conversation(starter=alice, recipients=[bob], title="A", body="a")
    newer = services.start_conversation(starter=alice, recipients=[carol], title="B", body="b")
    services.reply_to_conversation(conversation=older, author=bob, body="back on top")
    listed = [row.conversation_id for row in Participant.objects.listed_for(alice)]
    assert listed == [older.pk, newer.pk]


def test_message_bodies_are_sanitised(alice, bob):
    conversation = services.start_conversation(
        starter=alice,
        recipients=[bob],
        title="<script>alert(1)</script>",
        body="<script>alert(1)</script><img src=x onerror=alert(1)>",
    )
    html = conversation.last_message.body_html
    assert "<script" not in html
    assert "<img" not in html


@pytest.mark.postgresql
def test_recounting_several_members_locks_them_in_id_order_before_the_update(alice, bob, carol):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        services.recount_unread([carol.pk, alice.pk, bob.pk])

    statements = [query["sql"] for query in queries]
    lock = next(i for i, sql in enumerate(statements) if "FOR UPDATE" in sql)
    update = next(i for i, sql in enumerate(statements) if sql.startswith("UPDATE"))
    assert lock < update
    assert "ORDER BY 1 ASC" in statements[lock]  # the id, first and only column
