"""Private conversations: a thread of messages between two or more members, read by them alone.

Counters (messages, positions, active participants) are stored on the conversation and kept by
``forum.conversations.services``, as a thread's are by the posts' services; a participant's
``last_message_at`` copies the conversation's so that a member's list is one index scan.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from forum.conversations.querysets import MessageQuerySet, ParticipantQuerySet
from forum.paging import page_count


class Conversation(models.Model):
    title = models.CharField(max_length=150)
    starter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Everyone in it may invite others, not only the starter (the starter's choice).
    open_invites = models.BooleanField("participants may invite others", default=False)
    last_position = models.PositiveIntegerField(default=0, editable=False)
    message_count = models.PositiveIntegerField(default=0, editable=False)
    participant_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Participants who have not left for good."
    )
    last_message = models.ForeignKey(
        "Message", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_message_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_message_at", "-id"]

    def __str__(self):
        return f"Conversation {self.pk}"

    def get_absolute_url(self):
        return reverse("conversations:detail", kwargs={"pk": self.pk})

    def get_page_url(self, page):
        url = self.get_absolute_url()
        return url if page == 1 else f"{url}?page={page}"

    def get_position_url(self, position):
        page = (position - 1) // settings.FORUM_MESSAGES_PER_PAGE + 1
        return f"{self.get_page_url(page)}#message-{position}"

    @property
    def page_count(self):
        return page_count(self.last_position, settings.FORUM_MESSAGES_PER_PAGE)


class Participant(models.Model):
    """One member's place in a conversation: what they have read, whether they left, starred."""

    class State(models.TextChoices):
        ACTIVE = "active", "Taking part"
        # Gone from their list until someone writes again.
        LEFT = "left", "Left"
        # Gone for good: new messages do not bring it back.
        LEFT_FOR_GOOD = "left_for_good", "Left for good"

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.ACTIVE)
    last_read_position = models.PositiveIntegerField(default=0)
    is_starred = models.BooleanField("starred", default=False)
    may_invite = models.BooleanField(default=False)
    joined_at = models.DateTimeField(default=timezone.now)
    # The conversation's, copied by every write that moves it (one UPDATE per message).
    last_message_at = models.DateTimeField(default=timezone.now)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="participant_once_per_conversation"
            ),
        ]
        indexes = [
            models.Index(
                "user", "state", models.F("last_message_at").desc(), name="participant_list"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} in {self.conversation_id}"

    @property
    def is_active(self):
        return self.state == self.State.ACTIVE

    def is_unread_in(self, conversation):
        return self.last_read_position < conversation.last_position


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    body = models.TextField()
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "position"], name="message_unique_position"
            ),
            models.UniqueConstraint(
                fields=["author", "submission_token"],
                condition=models.Q(submission_token__isnull=False),
                name="message_submitted_once",
            ),
        ]

    def __str__(self):
        return f"#{self.position} in conversation {self.conversation_id}"

    def get_absolute_url(self):
        return self.conversation.get_position_url(self.position)
