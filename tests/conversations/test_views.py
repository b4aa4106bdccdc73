"""The conversation pages: starting, the list, the header count, replying, inviting, leaving,
marking, starring, editing."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from forum.conversations import services
from forum.conversations.models import Conversation, Message, Participant
from tests.conversations.conftest import participant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

START = reverse("conversations:start")
LIST = reverse("conversations:list")


def start_form(**changes):
    return {"recipients": "bob", "title": "Meet-up", "body": "Saturday at noon?", **changes}


def test_a_member_starts_a_conversation_and_lands_on_it(client, alice, bob):
    client.force_login(alice)
    response = client.post(START, start_form())
    conversation = Conversation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == conversation.get_absolute_url()
    assert conversation.title == "Meet-up"
    assert conversation.participants.count() == 2


def test_the_profile_offers_a_conversation_with_that_member(client, alice, bob):
    client.force_login(alice)
    page = client.get(bob.get_absolute_url()).content.decode()
    assert f"{START}?to=bob" in page
    form = client.get(START + "?to=bob").content.decode()
    assert 'value="bob"' in form


def test_recipients_are_found_by_name_whatever_the_case_and_with_an_at_sign(
    client, alice, bob, carol
):
    client.force_login(alice)
    client.post(START, start_form(recipients="@BOB, Carol"))
    assert set(
        Conversation.objects.get().participants.values_list("user__username", flat=True)
    ) == {
        "alice",
        "bob",
        "carol",
    }


def test_an_unknown_name_is_refused_beside_the_field_keeping_what_was_typed(client, alice):
    client.force_login(alice)
    response = client.post(START, start_form(recipients="nobody-here"))
    page = response.content.decode()
    assert "No member is called “nobody-here”." in page
    assert "Saturday at noon?" in page
    assert not Conversation.objects.exists()


def test_preview_shows_the_message_and_starts_nothing(client, alice, bob):
    client.force_login(alice)
    response = client.post(START, start_form(body="**bold**", preview="1"))
    assert "<strong>bold</strong>" in response.content.decode()
    assert not Conversation.objects.exists()


@pytest.mark.parametrize(
    ("role", "limit"),
    [(Role.MEMBER, 5), (Role.SENIOR_MEMBER, 20), (Role.MODERATOR, None)],
)
def test_recipients_are_limited_by_role(client, role, limit):
    sender = UserFactory(username="sender", role=role)
    names = [UserFactory().username for _ in range(21)]
    client.force_login(sender)
    allowed = names if limit is None else names[:limit]
    client.post(START, start_form(recipients=", ".join(allowed), title="Allowed"))
    assert Conversation.objects.filter(title="Allowed").exists()
    if limit is not None:
        response = client.post(START, start_form(recipients=", ".join(names[: limit + 1])))
        assert f"at most {limit} other members" in response.content.decode()
        assert Conversation.objects.count() == 1


def test_a_new_member_writes_to_one_member_at_a_time(client, settings, alice, bob, carol):
    settings.FORUM_CONVERSATION_NEW_MEMBER_POSTS = 3
    client.force_login(alice)
    response = client.post(START, start_form(recipients="bob, carol"))
    assert "one member at a time" in response.content.decode()
    assert not Conversation.objects.exists()
    client.post(START, start_form(recipients="bob"))
    assert Conversation.objects.count() == 1


def test_a_member_who_has_posted_enough_writes_to_several(client, settings, alice, bob, carol):
    settings.FORUM_CONVERSATION_NEW_MEMBER_POSTS = 3
    User.objects.filter(pk=alice.pk).update(message_count=3)
    client.force_login(alice)
    client.post(START, start_form(recipients="bob, carol"))
    assert Conversation.objects.get().participant_count == 3


def test_conversations_started_per_hour_are_limited(client, settings, alice, bob):
    settings.FORUM_CONVERSATION_RATE = "2/3600"
    client.force_login(alice)
    for number in range(2):
        client.post(START, start_form(title=f"Talk {number}"))
    response = client.post(START, start_form(title="One too many"))
    assert response.status_code == 429
    assert "the most one may" in response.content.decode()
    assert "One too many" in response.content.decode()
    assert Conversation.objects.count() == 2


def test_staff_are_not_held_by_the_hourly_limit(client, settings, moderator, bob):
    settings.FORUM_CONVERSATION_RATE = "1/3600"
    client.force_login(moderator)
    for number in range(3):
        client.post(START, start_form(title=f"Warning {number}"))
    assert Conversation.objects.count() == 3


def test_the_list_marks_unread_conversations(client, conversation, bob):
    client.force_login(bob)
    page = client.get(LIST).content.decode()
    assert "Meet-up" in page
    assert 'class="badge badge--unread"' in page


def test_the_list_is_paged(client, settings, alice, bob):
    settings.FORUM_CONVERSATIONS_PER_PAGE = 2
    for number in range(5):
        # Titles with a space: no random token on the page (CSRF) can contain them.
        title = f"Picnic {number}"
        services.start_conversation(starter=alice, recipients=[bob], title=title, body="x")
    client.force_login(bob)
    assert "Picnic 4" in client.get(LIST).content.decode()
    last = client.get(LIST + "?page=3").content.decode()
    assert "Picnic 0" in last
    assert "Picnic 4" not in last


def test_the_header_counts_unread_conversations(client, conversation, bob):
    client.force_login(bob)
    page = client.get("/").content.decode()
    assert '<span class="header-conversations__count">' in page
    assert '1<span class="visually-hidden"> unread)' in page


def test_reading_the_conversation_clears_the_header_count(client, conversation, bob):
    client.force_login(bob)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert "header-conversations__count" not in page
    assert User.objects.get(pk=bob.pk).unread_conversations == 0


def test_visitors_shared_pages_carry_no_conversations(client, conversation, thread):
    first = client.get(thread.get_absolute_url())
    again = client.get(thread.get_absolute_url())
    assert "Conversations" not in first.content.decode()
    assert first.content == again.content
    client.force_login(conversation.starter)
    # A member's page is their own: after a visitor's page was cached, still rendered for them.
    assert "header-conversations" in client.get(thread.get_absolute_url()).content.decode()


def test_a_participant_replies(client, conversation, bob):
    client.force_login(bob)
    response = client.post(
        reverse("conversations:reply", args=[conversation.pk]), {"body": "Noon works."}
    )
    assert response.status_code == 302
    assert Message.objects.filter(conversation=conversation, position=2, author=bob).exists()


def test_an_empty_reply_is_refused_beside_the_box(client, conversation, bob):
    client.force_login(bob)
    response = client.post(reverse("conversations:reply", args=[conversation.pk]), {"body": " "})
    assert response.status_code == 400
    assert "the message is empty" in response.content.decode()
    assert Message.objects.filter(conversation=conversation).count() == 1


def test_quote_puts_the_message_in_the_reply_box(client, conversation, bob):
    client.force_login(bob)
    page = client.get(conversation.get_absolute_url() + "?quote=1").content.decode()
    assert "[quote=&quot;alice&quot;]\nSaturday?\n[/quote]" in page


def test_the_starter_invites_a_member(client, conversation, alice, carol):
    client.force_login(alice)
    client.post(reverse("conversations:invite", args=[conversation.pk]), {"recipients": "carol"})
    assert participant(conversation, carol).state == Participant.State.ACTIVE


def test_a_recipient_invites_only_if_the_starter_allowed_it(client, alice, bob, carol):
    closed = services.start_conversation(starter=alice, recipients=[bob], title="C", body="x")
    opened = services.start_conversation(
        starter=alice, recipients=[bob], title="O", body="x", open_invites=True
    )
    client.force_login(bob)
    refused = client.post(
        reverse("conversations:invite", args=[closed.pk]), {"recipients": "carol"}
    )
    assert refused.status_code == 403
    assert not closed.participants.filter(user=carol).exists()
    client.post(reverse("conversations:invite", args=[opened.pk]), {"recipients": "carol"})
    assert opened.participants.filter(user=carol).exists()


def test_invitations_count_against_the_recipient_limit(client, settings, alice, bob, carol):
    settings.FORUM_CONVERSATION_MAX_RECIPIENTS = {"member": 2, "senior_member": 20}
    conversation = services.start_conversation(
        starter=alice, recipients=[bob, carol], title="T", body="x"
    )
    dave = UserFactory(username="dave")
    client.force_login(alice)
    response = client.post(
        reverse("conversations:invite", args=[conversation.pk]), {"recipients": "dave"}
    )
    assert "at most 2 other members" in response.content.decode()
    assert not conversation.participants.filter(user=dave).exists()


def test_leaving_and_coming_back_when_someone_replies(client, conversation, alice, bob):
    client.force_login(bob)
    client.post(reverse("conversations:leave", args=[conversation.pk]), {"for_good": "0"})
    assert "Meet-up" not in client.get(LIST).content.decode()
    services.reply_to_conversation(conversation=conversation, author=alice, body="Back?")
    assert "Meet-up" in client.get(LIST).content.decode()


def test_leaving_for_good_closes_the_conversation_to_its_member(client, conversation, alice, bob):
    client.force_login(bob)
    client.post(reverse("conversations:leave", args=[conversation.pk]), {"for_good": "1"})
    services.reply_to_conversation(conversation=conversation, author=alice, body="Back?")
    assert "Meet-up" not in client.get(LIST).content.decode()
    assert client.get(conversation.get_absolute_url()).status_code == 404


def test_mark_unread_read_star_and_unstar_from_the_list(client, conversation, bob):
    client.force_login(bob)
    mark = reverse("conversations:mark", args=[conversation.pk])
    client.post(mark, {"action": "read"})
    assert User.objects.get(pk=bob.pk).unread_conversations == 0
    client.post(mark, {"action": "unread"})
    assert User.objects.get(pk=bob.pk).unread_conversations == 1
    client.post(mark, {"action": "star"})
    assert participant(conversation, bob).is_starred
    assert "Meet-up" in client.get(LIST + "?starred=1").content.decode()
    client.post(mark, {"action": "unstar"})
    assert not participant(conversation, bob).is_starred


def test_the_author_edits_a_message_within_the_window(client, conversation, alice):
    message = conversation.last_message
    client.force_login(alice)
    client.post(reverse("conversations:edit", args=[message.pk]), {"body": "Sunday?"})
    message.refresh_from_db()
    assert message.body == "Sunday?"


def test_a_message_past_the_edit_window_cannot_be_edited(client, settings, conversation, alice):
    message = conversation.last_message
    Message.objects.filter(pk=message.pk).update(
        created_at=message.created_at - timedelta(seconds=settings.FORUM_MESSAGE_EDIT_SECONDS + 1)
    )
    client.force_login(alice)
    response = client.post(reverse("conversations:edit", args=[message.pk]), {"body": "Late"})
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.body == "Saturday?"


def test_nobody_edits_someone_elses_message(client, conversation, bob):
    message = conversation.last_message
    client.force_login(bob)
    response = client.post(reverse("conversations:edit", args=[message.pk]), {"body": "Mine"})
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.body == "Saturday?"


def test_titles_and_bodies_are_escaped_on_every_page(client, alice, bob):
    conversation = services.start_conversation(
        starter=alice,
        recipients=[bob],
        title='<script>alert("t")</script>',
        body='<script>alert("b")</script>',
    )
    client.force_login(bob)
    for url in (LIST, conversation.get_absolute_url()):
        page = client.get(url).content.decode()
        assert '<script>alert("t")</script>' not in page
        assert '<script>alert("b")</script>' not in page
        assert "&lt;script&gt;" in page


def test_an_unread_conversation_opens_at_its_first_unread_message(client, settings, alice, bob):
    settings.FORUM_MESSAGES_PER_PAGE = 2
    conversation = services.start_conversation(starter=alice, recipients=[bob], title="T", body="1")
    services.reply_to_conversation(conversation=conversation, author=bob, body="2")
    services.reply_to_conversation(conversation=conversation, author=alice, body="3")
    client.force_login(bob)
    page = client.get(LIST).content.decode()
    assert f'href="{conversation.get_absolute_url()}?page=2#message-3"' in page


def test_a_reply_sent_back_with_an_error_keeps_ignored_messages_folded(client, alice, bob):
    conversation = services.start_conversation(
        starter=alice, recipients=[bob], title="T", body="Bait"
    )
    User.objects.filter(pk=bob.pk).update(ignoring=[alice.pk])
    client.force_login(bob)
    response = client.post(reverse("conversations:reply", args=[conversation.pk]), {"body": ""})
    assert response.status_code == 400
    assert '<details class="post__ignored">' in response.content.decode()
