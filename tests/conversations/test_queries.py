"""The conversations list and a conversation page cost a fixed number of queries, whatever the
number of conversations, messages and participants; a long conversation pages by position."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import ConversationsFrom
from accounts.roles import Role
from forum.conversations import services
from forum.follow.services import follow_member
from tests.conversations.conftest import add_messages
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return queries


def list_queries(client, alice, conversations, people):
    others = [UserFactory() for _ in range(people)]
    for number in range(conversations):
        services.start_conversation(
            starter=alice, recipients=others, title=f"Talk {number}", body="Hello"
        )
    client.force_login(alice)
    return len(queries_of(client, reverse("conversations:list")))


def test_the_list_costs_the_same_for_one_conversation_and_a_full_page_of_many(
    client, alice, settings
):
    settings.FORUM_CONVERSATIONS_PER_PAGE = 20
    small = list_queries(client, alice, conversations=1, people=1)
    big = list_queries(client, alice, conversations=45, people=8)
    # Member, count, page of rows (with conversation, starter, last author), everyone in them
    # (the session is in the cache, the header's counts on the member's row).
    assert small == big <= 4


def detail_queries(client, reader, conversation):
    client.force_login(reader)
    return queries_of(client, conversation.get_page_url(conversation.page_count))


@pytest.mark.parametrize("size", ["small", "large"])
def test_a_conversation_page_costs_a_fixed_number_of_queries(client, alice, bob, size):
    people = [UserFactory() for _ in range(1 if size == "small" else 15)]
    conversation = services.start_conversation(
        starter=alice, recipients=[bob, *people], title="Plans", body="Hi"
    )
    add_messages(conversation, 3 if size == "small" else 600, author=alice)
    # Unread: the page marks what it shows read (two UPDATEs in a savepoint) on top of the
    # member, participant with its conversation, messages, participants and the
    # member's new unread count.
    assert len(detail_queries(client, bob, conversation)) <= 9
    # Read already: member, participant with conversation, messages, participants.
    assert len(detail_queries(client, bob, conversation)) <= 4


def test_a_conversation_of_ten_thousand_messages_pages_by_position(client, alice, bob):
    conversation = services.start_conversation(
        starter=alice, recipients=[bob], title="Long", body="Hi"
    )
    add_messages(conversation, 9_999, author=alice)
    assert conversation.message_count == 10_000
    queries = detail_queries(client, bob, conversation)
    message_query = next(q["sql"] for q in queries if 'FROM "conversations_message"' in q["sql"])
    assert "BETWEEN 9981 AND 10000" in message_query
    assert "OFFSET" not in message_query
    response = client.get(conversation.get_page_url(conversation.page_count))
    assert response.content.decode().count('class="post conversation-message"') == 20


def refused_start_queries(client, sender, recipients):
    client.force_login(sender)
    names = ", ".join(member.username for member in recipients)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("conversations:start"), {"recipients": names, "title": "Hi", "body": "Hello"}
        )
    assert response.status_code == 200  # refused: one of them does not follow the sender
    return len(queries)


def test_asking_who_follows_the_sender_costs_one_query_for_any_number_of_recipients(client):
    sender = UserFactory(role=Role.SENIOR_MEMBER)

    def recipients(count):
        choosy = [UserFactory(conversations_from=ConversationsFrom.FOLLOWED) for _ in range(count)]
        for member in choosy[1:]:
            follow_member(by=member, member=sender)
        return choosy

    small = refused_start_queries(client, sender, recipients(1))
    big = refused_start_queries(client, sender, recipients(15))
    assert small == big
