"""The conversations' part of a member's data archive (assembled by ``forum.memberdata``)."""

from forum.conversations.models import Message, Participant


def export_member_conversations(member):
    """Every conversation ``member`` has a place in (left ones too: they can still read them),
    with all its messages as their authors typed them; nothing of any other conversation."""
    places = list(
        Participant.objects.filter(user=member)
        .select_related("conversation")
        .order_by("conversation_id")
    )
    messages = {}
    rows = (
        Message.objects.filter(conversation_id__in=[place.conversation_id for place in places])
        .select_related("author")
        .order_by("conversation_id", "position")
    )
    for message in rows.iterator(chunk_size=2000):
        messages.setdefault(message.conversation_id, []).append(
            {
                "number": message.position,
                "author": message.author.username,
                "by_you": message.author_id == member.pk,
                "created_at": message.created_at,
                "edited_at": message.edited_at,
                "source": message.body,
            }
        )
    return [
        {
            "id": place.conversation_id,
            "title": place.conversation.title,
            "url": place.conversation.get_absolute_url(),
            "started_by_you": place.conversation.starter_id == member.pk,
            "joined_at": place.joined_at,
            "state": place.state,
            "messages": messages.get(place.conversation_id, []),
        }
        for place in places
    ]
