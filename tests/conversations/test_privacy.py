"""Every privacy rule of conversations, role by role.

Only participants read a conversation: a member outside it, a moderator, an administrator all
get 404 (the number gives nothing away) and a visitor is sent to log in. A banned participant
reads but writes nothing. A recipient's own choice (``conversations_from``) and ignore list
refuse senders. A refused request leaves the database as it was.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from accounts.models import ConversationsFrom, User
from forum.conversations import services
from forum.conversations.models import Conversation, Message, Participant
from forum.follow.models import FollowedMember
from forum.follow.services import follow_member
from forum.moderation.models import Report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "administrator",
    "moderator",
    "senior_member",
    "member",
    "banned_member",
    "banned_moderator",
    "anonymous",
]
BANNED = {"banned_member", "banned_moderator"}
STAFF = {"administrator", "moderator"}


@dataclass
class World:
    conversation: Conversation
    message: Message  # the other member's, which the viewer may report
    own: Message | None  # the viewer's, which they may edit


def snapshot():
    return (
        list(Conversation.objects.order_by("pk").values()),
        list(Participant.objects.order_by("pk").values()),
        list(Message.objects.order_by("pk").values()),
        list(Report.objects.order_by("pk").values()),
        list(FollowedMember.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values("pk", "unread_conversations", "ignoring")),
    )


def log_in(client, request, role):
    if role == "anonymous":
        return None
    user = request.getfixturevalue(role)
    client.force_login(user)
    return user


def outsiders_world(alice, bob):
    conversation = services.start_conversation(
        starter=alice, recipients=[bob], title="Private", body="Only for bob"
    )
    return World(conversation, conversation.last_message, None)


OUTSIDER_REQUESTS = {
    "read": lambda c, w: c.get(w.conversation.get_absolute_url()),
    "reply": lambda c, w: c.post(
        reverse("conversations:reply", args=[w.conversation.pk]), {"body": "Let me in"}
    ),
    "invite": lambda c, w: c.post(
        reverse("conversations:invite", args=[w.conversation.pk]), {"recipients": "alice"}
    ),
    "leave": lambda c, w: c.post(
        reverse("conversations:leave", args=[w.conversation.pk]), {"for_good": "1"}
    ),
    "mark": lambda c, w: c.post(
        reverse("conversations:mark", args=[w.conversation.pk]), {"action": "star"}
    ),
    "edit": lambda c, w: c.post(reverse("conversations:edit", args=[w.message.pk]), {"body": "x"}),
    "report": lambda c, w: c.post(
        reverse("conversations:report", args=[w.message.pk]), {"reason": "Nosy"}
    ),
}


@pytest.mark.parametrize("action", OUTSIDER_REQUESTS)
@pytest.mark.parametrize("role", ROLES)
def test_nobody_outside_a_conversation_reaches_it_whatever_their_role(
    client, request, role, action
):
    world = outsiders_world(UserFactory(username="alice"), UserFactory(username="bob"))
    log_in(client, request, role)
    before = snapshot()

    response = OUTSIDER_REQUESTS[action](client, world)

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    else:
        assert response.status_code == 404
        assert "Only for bob" not in response.content.decode()
    assert snapshot() == before


def participants_world(viewer):
    alice = UserFactory(username="alice")
    conversation = services.start_conversation(
        starter=alice, recipients=[viewer], title="Ours", body="From alice"
    )
    # Written before any ban of the test's roles took effect, as a banned member's old message.
    own = Message.objects.create(
        conversation=conversation, author=viewer, position=2, body="Mine", body_html="<p>Mine</p>"
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_position=2, message_count=2)
    conversation.refresh_from_db()
    return World(conversation, conversation.messages.get(position=1), own)


@dataclass
class Case:
    name: str
    act: object
    done: object
    banned_may: bool = False

    def __str__(self):
        return self.name


PARTICIPANT_CASES = [
    Case(
        "read",
        lambda c, w: c.get(w.conversation.get_absolute_url()),
        lambda w, r: "From alice" in r.content.decode(),
        banned_may=True,
    ),
    Case(
        "reply",
        lambda c, w: c.post(
            reverse("conversations:reply", args=[w.conversation.pk]), {"body": "Reply"}
        ),
        lambda w, r: w.conversation.messages.filter(body="Reply").exists(),
    ),
    Case(
        "edit own message",
        lambda c, w: c.post(reverse("conversations:edit", args=[w.own.pk]), {"body": "Edited"}),
        lambda w, r: Message.objects.get(pk=w.own.pk).body == "Edited",
    ),
    Case(
        "report a message",
        lambda c, w: c.post(
            reverse("conversations:report", args=[w.message.pk]), {"reason": "Rude"}
        ),
        lambda w, r: Report.objects.filter(message=w.message, reason="Rude").exists(),
    ),
    Case(
        "star",
        lambda c, w: c.post(
            reverse("conversations:mark", args=[w.conversation.pk]), {"action": "star"}
        ),
        lambda w, r: w.conversation.participants.filter(is_starred=True).exists(),
        banned_may=True,
    ),
    Case(
        "leave",
        lambda c, w: c.post(
            reverse("conversations:leave", args=[w.conversation.pk]), {"for_good": "0"}
        ),
        lambda w, r: w.conversation.participants.filter(state="left").exists(),
        banned_may=True,
    ),
]


@pytest.mark.parametrize("case", PARTICIPANT_CASES, ids=str)
@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_a_participant_may_do_what_their_standing_allows(client, request, role, case):
    viewer = log_in(client, request, role)
    world = participants_world(viewer)
    before = snapshot()

    response = case.act(client, world)

    if role in BANNED and not case.banned_may:
        assert response.status_code == 403
        assert snapshot() == before
    else:
        assert response.status_code in (200, 302)
        assert case.done(world, response)


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_starting_a_conversation_is_refused_to_banned_members_only(client, request, role):
    log_in(client, request, role)
    UserFactory(username="bob")
    before = snapshot()
    url = reverse("conversations:start")

    shown = client.get(url)
    sent = client.post(url, {"recipients": "bob", "title": "Hi", "body": "Hello"})

    if role in BANNED:
        assert shown.status_code == sent.status_code == 403
        assert snapshot() == before
    else:
        assert shown.status_code == 200
        assert sent.status_code == 302
        assert Conversation.objects.filter(title="Hi").exists()


def test_a_visitor_is_sent_to_log_in_to_start_one(client):
    response = client.get(reverse("conversations:start"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# Who may start a conversation with a member, by the member's choice and the sender's role.
ACCEPTS = {
    ConversationsFrom.EVERYONE: {"administrator", "moderator", "senior_member", "member"},
    ConversationsFrom.FOLLOWED: STAFF,  # bob follows nobody here
    ConversationsFrom.STAFF: STAFF,
    ConversationsFrom.NOBODY: set(),
}


@pytest.mark.parametrize("choice", list(ACCEPTS))
@pytest.mark.parametrize("role", ["administrator", "moderator", "senior_member", "member"])
def test_a_members_choice_decides_who_starts_conversations_with_them(client, request, role, choice):
    log_in(client, request, role)
    UserFactory(username="bob", conversations_from=choice)
    before = snapshot()

    response = client.post(
        reverse("conversations:start"), {"recipients": "bob", "title": "Hi", "body": "Hello"}
    )

    if role in ACCEPTS[choice]:
        assert response.status_code == 302
        assert Conversation.objects.filter(title="Hi").exists()
    else:
        assert response.status_code == 200
        assert "bob" in response.content.decode()
        assert "accept" in response.content.decode()
        assert snapshot() == before


@pytest.mark.parametrize("role", ["administrator", "moderator", "senior_member", "member"])
def test_a_member_who_accepts_only_those_they_follow_hears_from_them(client, request, role):
    sender = log_in(client, request, role)
    bob = UserFactory(username="bob", conversations_from=ConversationsFrom.FOLLOWED)
    follow_member(by=bob, member=sender)

    response = client.post(
        reverse("conversations:start"), {"recipients": "bob", "title": "Hi", "body": "Hello"}
    )

    assert response.status_code == 302
    assert Conversation.objects.filter(title="Hi").exists()


def test_following_the_sender_is_not_the_sender_following_them(client, member):
    bob = UserFactory(username="bob", conversations_from=ConversationsFrom.FOLLOWED)
    follow_member(by=member, member=bob)
    client.force_login(member)
    before = snapshot()

    response = client.post(
        reverse("conversations:start"), {"recipients": "bob", "title": "Hi", "body": "Hello"}
    )

    assert response.status_code == 200
    assert "bob accepts conversations only from members they follow." in response.content.decode()
    assert snapshot() == before


def test_one_refusing_recipient_among_several_refuses_the_whole_conversation(client, member):
    UserFactory(username="bob")
    UserFactory(username="carol", conversations_from=ConversationsFrom.FOLLOWED)
    client.force_login(member)
    before = snapshot()

    response = client.post(
        reverse("conversations:start"),
        {"recipients": "bob, carol", "title": "Hi", "body": "Hello"},
    )

    assert response.status_code == 200
    assert "carol accepts conversations only from members they follow." in (
        response.content.decode()
    )
    assert snapshot() == before


def test_an_ignored_member_is_refused_even_if_followed(client, member):
    bob = UserFactory(username="bob", conversations_from=ConversationsFrom.FOLLOWED)
    follow_member(by=bob, member=member)
    User.objects.filter(pk=bob.pk).update(ignoring=[member.pk])
    client.force_login(member)
    before = snapshot()

    response = client.post(
        reverse("conversations:start"), {"recipients": "bob", "title": "Hi", "body": "Hello"}
    )

    assert "bob does not accept conversations." in response.content.decode()
    assert snapshot() == before


def test_a_member_who_accepts_only_those_they_follow_can_be_invited_by_them(client):
    alice = UserFactory(username="alice")
    bob = UserFactory(username="bob")
    carol = UserFactory(username="carol", conversations_from=ConversationsFrom.FOLLOWED)
    follow_member(by=carol, member=alice)
    conversation = services.start_conversation(starter=alice, recipients=[bob], title="T", body="x")
    client.force_login(alice)

    response = client.post(
        reverse("conversations:invite", args=[conversation.pk]), {"recipients": "carol"}
    )

    assert response.status_code == 302
    assert Participant.objects.filter(conversation=conversation, user=carol).exists()


@pytest.mark.parametrize(
    "choice", [ConversationsFrom.FOLLOWED, ConversationsFrom.STAFF, ConversationsFrom.NOBODY]
)
def test_a_members_choice_refuses_invitations_too(client, choice):
    alice = UserFactory(username="alice")
    bob = UserFactory(username="bob")
    UserFactory(username="carol", conversations_from=choice)
    conversation = services.start_conversation(starter=alice, recipients=[bob], title="T", body="x")
    client.force_login(alice)
    before = snapshot()

    response = client.post(
        reverse("conversations:invite", args=[conversation.pk]), {"recipients": "carol"}
    )

    assert response.status_code == 200
    assert "carol" in response.content.decode()
    assert snapshot() == before


def test_a_member_who_is_ignored_cannot_start_a_conversation_with_the_ignorer(client):
    alice = UserFactory(username="alice")
    bob = UserFactory(username="bob")
    User.objects.filter(pk=bob.pk).update(ignoring=[alice.pk])
    client.force_login(alice)
    before = snapshot()

    response = client.post(
        reverse("conversations:start"), {"recipients": "bob", "title": "Hi", "body": "Hello"}
    )

    assert "bob does not accept conversations." in response.content.decode()
    assert snapshot() == before


def test_the_preferences_page_sets_who_may_start_conversations(client, member):
    client.force_login(member)
    page = client.get(reverse("accounts:account_preferences")).content.decode()
    assert "Who may start conversations with me" in page
    client.post(
        reverse("accounts:account_preferences"),
        {"time_zone": "", "show_online": "on", "conversations_from": "staff"},
    )
    assert User.objects.get(pk=member.pk).conversations_from == "staff"


def test_the_preferences_page_offers_members_i_follow(client, member):
    client.force_login(member)
    page = client.get(reverse("accounts:account_preferences")).content.decode()
    assert "Members I follow (and staff)" in page
    client.post(
        reverse("accounts:account_preferences"),
        {"time_zone": "", "show_online": "on", "conversations_from": "followed"},
    )
    assert User.objects.get(pk=member.pk).conversations_from == "followed"


def test_the_django_admin_lists_no_message_and_no_title(admin_client):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    conversation = services.start_conversation(
        starter=alice, recipients=[bob], title="Secret plan", body="The hidden words"
    )
    listing = admin_client.get(reverse("admin:conversations_conversation_changelist"))
    detail = admin_client.get(
        reverse("admin:conversations_conversation_change", args=[conversation.pk])
    )
    for response in (listing, detail):
        assert response.status_code == 200
        assert "Secret plan" not in response.content.decode()
        assert "The hidden words" not in response.content.decode()
    assert admin_client.get("/admin/conversations/message/").status_code == 404


def test_moderators_have_no_conversations_in_the_admin(mod_client):
    response = mod_client.get(reverse("admin:conversations_conversation_changelist"))
    assert response.status_code == 403


def test_a_reported_message_shows_moderators_that_message_and_its_author_only(mod_client):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    conversation = services.start_conversation(
        starter=alice, recipients=[bob], title="Secret plan", body="Something innocent"
    )
    rude = services.reply_to_conversation(conversation=conversation, author=bob, body="Rude words")
    services.reply_to_conversation(conversation=conversation, author=alice, body="Later reply")
    report = Report.objects.create(message=rude, reporter=alice, reason="Insulting")

    page = mod_client.get(reverse("admin:moderation_report_change", args=[report.pk]))
    listing = mod_client.get(reverse("admin:moderation_report_changelist"))

    text = page.content.decode()
    assert "Rude words" in text
    assert "Private message by bob" in text
    for other in ("Secret plan", "Something innocent", "Later reply"):
        assert other not in text
        assert other not in listing.content.decode()
    assert conversation.get_absolute_url() not in text


def test_a_moderator_closes_a_message_report_like_any_other(mod_client):
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    conversation = services.start_conversation(
        starter=alice, recipients=[bob], title="Secret plan", body="Rude words"
    )
    report = Report.objects.create(
        message=conversation.last_message, reporter=bob, reason="Insulting"
    )
    mod_client.post(
        reverse("admin:moderation_report_changelist"),
        {"action": "close_action_taken", "_selected_action": [report.pk], "reason": "Warned"},
    )
    report.refresh_from_db()
    assert not report.is_open
    assert report.outcome == Report.Outcome.ACTION_TAKEN
