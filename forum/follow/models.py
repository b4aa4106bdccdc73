"""What a member follows and what is new to them: read markers, watches, alerts, preferences.

The follow app sits below every app that writes posts and threads (pyproject.toml's layers), so
that their services can tell it what happened; it names their models by string only.

Unread tracking costs no row per post: a member has read a thread up to ``ThreadRead.position``,
and everything older than their ``ReadState.all_read_before`` (or a board's
``BoardRead.read_before``) counts as read, so old threads never met need no row at all.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from forum.follow.querysets import AlertQuerySet


class ReadState(models.Model):
    """A member's "everything before this time is read" (their "mark all read")."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    all_read_before = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.user_id} read all before {self.all_read_before:%Y-%m-%d %H:%M}"


class BoardRead(models.Model):
    """A member's "mark board read": the board's threads before this time are read."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="reads")
    read_before = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "board"], name="board_read_once"),
        ]

    def __str__(self):
        return f"{self.user_id} read board {self.board_id}"


class ThreadRead(models.Model):
    """How far a member has read a thread: the highest post number they have seen."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey("threads.Thread", on_delete=models.CASCADE, related_name="reads")
    position = models.PositiveIntegerField()
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="thread_read_once"),
        ]

    def __str__(self):
        return f"{self.user_id} read {self.thread_id} to #{self.position}"


class ThreadWatch(models.Model):
    """A member watching a thread: its replies reach them as alerts (and mail, if they opt in)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_watches"
    )
    thread = models.ForeignKey("threads.Thread", on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="thread_watch_once"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="thread_watch_member")]

    def __str__(self):
        return f"{self.user_id} watches thread {self.thread_id}"


class BoardWatch(models.Model):
    """A member watching a board: its new threads reach them as alerts."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_watches"
    )
    board = models.ForeignKey("boards.Board", on_delete=models.CASCADE, related_name="watches")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["board", "user"], name="board_watch_once"),
        ]

    def __str__(self):
        return f"{self.user_id} watches board {self.board_id}"


class Kind(models.TextChoices):
    REPLY = "reply", "Replies in watched threads"
    THREAD = "thread", "New threads in watched boards"
    QUOTE = "quote", "Quotes of my posts"
    MENTION = "mention", "Mentions of my name"
    LIKE = "like", "Likes of my posts"
    MODERATION = "moderation", "Moderators' actions on my posts and threads"


# The kinds a member may also have mailed to them.
MAILED_KINDS = (Kind.REPLY, Kind.THREAD, Kind.QUOTE, Kind.MENTION)

# Alerts that reading the thread they point into answers.
ANSWERED_BY_READING = (Kind.REPLY, Kind.THREAD, Kind.QUOTE, Kind.MENTION)


class Alert(models.Model):
    """Something that happened that a member should hear of, shown until they read it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    thread = models.ForeignKey("threads.Thread", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(
        "posts.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Who did it; a like alert keeps the latest two likers and counts the rest.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    other_actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_count = models.PositiveIntegerField(default=1)
    # A moderator's action, in words ("hid", "moved", "locked"...).
    action = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["user", "-created_at"], name="alert_member_recent"),
            models.Index(
                fields=["user", "thread"],
                name="alert_member_unread",
                condition=models.Q(read_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.kind} for {self.user_id}"

    def get_absolute_url(self):
        return reverse("follow:open", kwargs={"pk": self.pk})

    @property
    def is_unread(self):
        return self.read_at is None


class Preferences(models.Model):
    """A member's choices of what to follow and hear of; members without a row have the
    defaults (``Preferences.for_member``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="follow_preferences",
    )
    watch_own_threads = models.BooleanField(
        "Watch the threads I start or reply to",
        default=True,
        help_text="You hear of later replies to them.",
    )
    alert_reply = models.BooleanField(Kind.REPLY.label, default=True)
    alert_thread = models.BooleanField(Kind.THREAD.label, default=True)
    alert_quote = models.BooleanField(Kind.QUOTE.label, default=True)
    alert_mention = models.BooleanField(Kind.MENTION.label, default=True)
    alert_like = models.BooleanField(Kind.LIKE.label, default=True)
    alert_moderation = models.BooleanField(Kind.MODERATION.label, default=True)
    email_reply = models.BooleanField(Kind.REPLY.label, default=False)
    email_thread = models.BooleanField(Kind.THREAD.label, default=False)
    email_quote = models.BooleanField(Kind.QUOTE.label, default=False)
    email_mention = models.BooleanField(Kind.MENTION.label, default=False)

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self):
        return f"preferences of {self.user_id}"

    @classmethod
    def for_member(cls, user):
        """``user``'s preferences, the defaults (unsaved) if they never changed them."""
        return cls.objects.filter(user=user).first() or cls(user=user)

    def alerts(self, kind):
        return getattr(self, f"alert_{kind}")

    def mails(self, kind):
        return kind in MAILED_KINDS and self.alerts(kind) and getattr(self, f"email_{kind}")


class MailFailure(models.Model):
    """A mail that could not be sent after every retry, kept so none is lost silently."""

    alert = models.ForeignKey(Alert, null=True, on_delete=models.SET_NULL, related_name="+")
    recipient = models.EmailField()
    subject = models.CharField(max_length=300)
    error = models.TextField()
    attempts = models.PositiveIntegerField()
    failed_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"mail to {self.recipient} failed at {self.failed_at:%Y-%m-%d %H:%M}"


class FollowedMember(models.Model):
    """A member following another: who may start conversations with a member who accepts them
    from "members I follow" only (``forum.permissions.why_cannot_add_recipient``)."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    followed = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followed"], name="follow_member_once"),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followed")), name="follow_not_oneself"
            ),
        ]
        # "Who follows X among these" reads by the followed member first.
        indexes = [models.Index(fields=["followed", "follower"], name="followed_by")]

    def __str__(self):
        return f"{self.follower_id} follows {self.followed_id}"

    @classmethod
    def followers_among(cls, member, candidates):
        """The ids of ``candidates`` who follow ``member``: one query, however many they are."""
        ids = [candidate.pk for candidate in candidates]
        if not ids:
            return set()
        return set(
            cls.objects.filter(followed=member, follower_id__in=ids).values_list(
                "follower_id", flat=True
            )
        )

    @classmethod
    def follows(cls, follower, followed):
        return cls.objects.filter(follower=follower, followed=followed).exists()
