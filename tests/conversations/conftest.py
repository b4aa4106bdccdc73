import pytest
from django.utils import timezone

from forum.conversations.models import Conversation, Message, Participant
from forum.conversations.services import recount_unread, start_conversation
from forum.markup import render_post_body
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def seasoned_members(settings):
    """Test members have posted nothing; the new member's one-recipient rule has its own tests."""
    settings.FORUM_CONVERSATION_NEW_MEMBER_POSTS = 0


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


@pytest.fixture
def carol(db):
    return UserFactory(username="carol")


@pytest.fixture
def conversation(alice, bob):
    return start_conversation(starter=alice, recipients=[bob], title="Meet-up", body="Saturday?")


def participant(conversation, member):
    return Participant.objects.select_related("conversation").get(
        conversation=conversation, user=member
    )


def add_messages(conversation, count, *, author):
    """``count`` more messages at the end of ``conversation`` in one INSERT, counters set as
    the services set them (for sizes the services would take minutes to write)."""
    conversation.refresh_from_db()
    now = timezone.now()
    html = render_post_body("Filler.")
    first = conversation.last_position + 1
    Message.objects.bulk_create(
        Message(
            conversation=conversation,
            author=author,
            position=position,
            body="Filler.",
            body_html=html,
            created_at=now,
        )
        for position in range(first, first + count)
    )
    last = Message.objects.get(conversation=conversation, position=first + count - 1)
    Conversation.objects.filter(pk=conversation.pk).update(
        last_position=last.position,
        message_count=conversation.message_count + count,
        last_message=last,
        last_message_at=now,
    )
    Participant.objects.filter(conversation=conversation).update(last_message_at=now)
    recount_unread(list(conversation.participants.values_list("user_id", flat=True)))
    conversation.refresh_from_db()
    return conversation
