"""Writes to conversations: starting one, replying, editing, inviting, leaving, reading, starring.

Every write that moves a conversation's counters takes the conversation's row lock first (then
participants, then members), so two replies sent at once get consecutive positions and two
invitations never count one member twice. Each participant's unread count, stored on their
member row for the header, is recounted in the same transaction by ``recount_unread``: one
UPDATE whatever the number of members, and never out of step. Callers check the permission
first (``forum.permissions``).
"""

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from forum.conversations.mail import mail_after_commit
from forum.conversations.models import Conversation, Message, Participant
from forum.markup import render_post_body

State = Participant.State


def recount_unread(member_ids):
    """Store on each of ``member_ids`` the number of conversations they take part in with a
    message they have not read (one UPDATE)."""
    if not member_ids:
        return
    unread = (
        Participant.objects.filter(user=OuterRef("pk"), state=State.ACTIVE)
        .unread()
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    members = User.objects.filter(pk__in=set(member_ids))
    if len(set(member_ids)) > 1:
        # In id order first, as every other write that locks several members does: one UPDATE
        # locks its rows in whatever order the scan meets them, and two such writes could each
        # hold a member the other waits for.
        list(members.select_for_update().order_by("pk").values_list("pk"))
    members.update(unread_conversations=Coalesce(Subquery(unread), Value(0)))


def _lock(conversation):
    return Conversation.objects.select_for_update().get(pk=conversation.pk)


@transaction.atomic
def start_conversation(*, starter, recipients, title, body, open_invites=False, token=None):
    """Create a conversation between ``starter`` and ``recipients`` with ``body`` as its first
    message; return it. The same form sent twice (``token``) returns the first one made."""
    list(User.objects.select_for_update().filter(pk=starter.pk))
    earlier = _submitted(starter, token)
    if earlier is not None and earlier.position == 1 and earlier.body == body:
        return earlier.conversation
    now = timezone.now()
    conversation = Conversation.objects.create(
        title=title,
        starter=starter,
        created_at=now,
        last_message_at=now,
        open_invites=open_invites,
        participant_count=1 + len(recipients),
    )
    Participant.objects.bulk_create(
        [
            Participant(
                conversation=conversation,
                user=starter,
                may_invite=True,
                joined_at=now,
                last_message_at=now,
            ),
            *(
                Participant(
                    conversation=conversation,
                    user=recipient,
                    may_invite=open_invites,
                    joined_at=now,
                    last_message_at=now,
                )
                for recipient in recipients
            ),
        ]
    )
    reply_to_conversation(conversation=conversation, author=starter, body=body, token=token)
    conversation.refresh_from_db()
    return conversation


def _submitted(author, token):
    if token is None:
        return None
    return Message.objects.filter(author=author, submission_token=token).first()


@transaction.atomic
def reply_to_conversation(*, conversation, author, body, token=None):
    """Add ``body`` at the end of ``conversation``; members who left it (not for good) find it
    in their list again, everyone else in it has it unread, and those who asked are mailed."""
    conversation = _lock(conversation)
    earlier = _submitted(author, token)
    if earlier is not None:
        if earlier.body == body and earlier.conversation_id == conversation.pk:
            return earlier
        token = None
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation,
        author=author,
        position=conversation.last_position + 1,
        body=body,
        body_html=render_post_body(body),
        created_at=now,
        submission_token=token,
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        last_position=message.position,
        message_count=F("message_count") + 1,
        last_message=message,
        last_message_at=now,
    )
    staying = Participant.objects.filter(conversation=conversation).exclude(
        state=State.LEFT_FOR_GOOD
    )
    staying.filter(state=State.LEFT).update(state=State.ACTIVE)
    staying.update(last_message_at=now)
    # The author has read what they wrote (and what came before it).
    staying.filter(user=author).update(last_read_position=message.position)
    recount_unread(list(staying.values_list("user_id", flat=True)))
    mail_after_commit(message)
    return message


@transaction.atomic
def edit_message(*, message, by, body):
    """Replace ``message``'s text (its author's edit, within the window the rule allows)."""
    _lock(message.conversation)
    Message.objects.filter(pk=message.pk).update(
        body=body, body_html=render_post_body(body), edited_at=timezone.now()
    )
    message.refresh_from_db()
    return message


@transaction.atomic
def invite(*, conversation, by, members):
    """Bring ``members`` into ``conversation``; one who had left it comes back. Returns the
    members added (those already in it are left as they are)."""
    conversation = _lock(conversation)
    rows = {
        row.user_id: row
        for row in Participant.objects.select_for_update().filter(
            conversation=conversation, user__in=members
        )
    }
    added, back = [], []
    for member in members:
        row = rows.get(member.pk)
        if row is None:
            added.append(member)
        elif row.state != State.ACTIVE:
            back.append(member)
    Participant.objects.bulk_create(
        Participant(
            conversation=conversation,
            user=member,
            may_invite=conversation.open_invites,
            last_message_at=conversation.last_message_at,
        )
        for member in added
    )
    returning_for_good = [m.pk for m in back if rows[m.pk].state == State.LEFT_FOR_GOOD]
    Participant.objects.filter(conversation=conversation, user__in=back).update(
        state=State.ACTIVE, last_message_at=conversation.last_message_at
    )
    Conversation.objects.filter(pk=conversation.pk).update(
        participant_count=F("participant_count") + len(added) + len(returning_for_good)
    )
    recount_unread([member.pk for member in (*added, *back)])
    return [*added, *back]


@transaction.atomic
def leave(*, participant, for_good=False):
    """Take the conversation out of its member's list: until the next message, or for good."""
    conversation = _lock(participant.conversation)
    row = Participant.objects.select_for_update().get(pk=participant.pk)
    state = State.LEFT_FOR_GOOD if for_good else State.LEFT
    if row.state == state or row.state == State.LEFT_FOR_GOOD:
        return row
    Participant.objects.filter(pk=row.pk).update(state=state)
    if for_good:
        Conversation.objects.filter(pk=conversation.pk).update(
            participant_count=F("participant_count") - 1
        )
    recount_unread([row.user_id])
    row.state = state
    return row


@transaction.atomic
def leave_everything_for_good(*, member):
    """Take ``member`` out of every conversation for good, each one's participant count
    lowered (their account is being deleted: ``accounts.signals.member_deleting``).

    Their messages stay, under whoever the deletion gives them to. Their own unread count is
    left as it is: the account goes, and its row may not be locked here, before the deletion
    has locked its threads (the order every writer keeps: see ``delete_member``)."""
    places = Participant.objects.filter(user=member).exclude(state=State.LEFT_FOR_GOOD)
    ids = list(places.order_by("conversation_id").values_list("conversation_id", flat=True))
    # In id order, as two deletions may share conversations.
    list(Conversation.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    left = places.filter(conversation_id__in=ids).update(state=State.LEFT_FOR_GOOD)
    Conversation.objects.filter(pk__in=ids).update(participant_count=F("participant_count") - 1)
    return left


@transaction.atomic
def mark_read(*, participant, position=None):
    """Mark the conversation read up to ``position`` (all of it by default); never backwards."""
    conversation = participant.conversation
    upto = conversation.last_position if position is None else position
    Participant.objects.filter(pk=participant.pk, last_read_position__lt=upto).update(
        last_read_position=upto
    )
    recount_unread([participant.user_id])


@transaction.atomic
def mark_unread(*, participant):
    """Mark the conversation's last message unread again."""
    last = participant.conversation.last_position
    Participant.objects.filter(pk=participant.pk, last_read_position__gte=last).update(
        last_read_position=max(last - 1, 0)
    )
    recount_unread([participant.user_id])


def star(*, participant, starred):
    """Star or unstar the conversation in its member's list."""
    Participant.objects.filter(pk=participant.pk).update(is_starred=starred)
    participant.is_starred = starred
    return participant
