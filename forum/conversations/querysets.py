from django.conf import settings
from django.db import models
from django.db.models import F, Prefetch


class ParticipantQuerySet(models.QuerySet):
    def listed_for(self, member, *, starred=False):
        """``member``'s conversations for their list: those they take part in, not started by
        a member they ignore, newest activity first (the ``participant_list`` index)."""
        rows = self.filter(user=member, state=self.model.State.ACTIVE)
        if member.ignoring:
            rows = rows.exclude(conversation__starter_id__in=member.ignoring)
        if starred:
            rows = rows.filter(is_starred=True)
        return rows.order_by("-last_message_at", "-id")

    def for_list_page(self):
        """With what a row of the list shows: the conversation, its starter, its last message's
        author and everyone in it (one more query for all rows)."""
        others = self.model.objects.select_related("user").only(
            "conversation_id", "state", "user__id", "user__username"
        )
        return self.select_related(
            "conversation__starter", "conversation__last_message__author"
        ).prefetch_related(Prefetch("conversation__participants", queryset=others))

    def unread(self):
        return self.filter(last_read_position__lt=F("conversation__last_position"))


class MessageQuerySet(models.QuerySet):
    def for_page(self, conversation, page):
        """The messages of one page of ``conversation``, found by position rather than OFFSET,
        with their authors."""
        per_page = settings.FORUM_MESSAGES_PER_PAGE
        first = (page - 1) * per_page + 1
        return (
            self.filter(conversation=conversation, position__range=(first, first + per_page - 1))
            # The author panel shows what an import knew of its member (``imported_facts``).
            .select_related("author", "author__imported_facts")
            .order_by("position")[:per_page]
        )
