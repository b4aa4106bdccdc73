from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Action(models.TextChoices):
    LOCK_THREAD = "lock_thread", "Locked thread"
    UNLOCK_THREAD = "unlock_thread", "Unlocked thread"
    PIN_THREAD = "pin_thread", "Pinned thread"
    UNPIN_THREAD = "unpin_thread", "Unpinned thread"
    HIDE_THREAD = "hide_thread", "Hid thread"
    RESTORE_THREAD = "restore_thread", "Restored thread"
    MOVE_THREAD = "move_thread", "Moved thread"
    MERGE_THREADS = "merge_threads", "Merged threads"
    RENAME_THREAD = "rename_thread", "Renamed thread"
    HIDE_POST = "hide_post", "Hid post"
    RESTORE_POST = "restore_post", "Restored post"
    EDIT_POST = "edit_post", "Edited post"
    APPROVE_POST = "approve_post", "Approved post"
    REJECT_POST = "reject_post", "Rejected post"
    BAN_MEMBER = "ban_member", "Banned member"
    LIFT_BAN = "lift_ban", "Lifted ban"
    CHANGE_MEMBER_TITLE = "change_member_title", "Changed member's title"
    CHANGE_MEMBER_ROLE = "change_member_role", "Changed member's role"
    DELETE_MEMBER = "delete_member", "Deleted member's account"
    CLOSE_REPORT = "close_report", "Closed report"


class ModerationLogQuerySet(models.QuerySet):
    def for_target(self, target):
        """Entries about ``target``, newest first (served by the target index)."""
        content_type = ContentType.objects.get_for_model(target)
        return self.filter(content_type=content_type, object_id=target.pk).order_by(
            "-created_at", "-id"
        )


class ModerationLog(models.Model):
    """One moderator action: who did what to which thing, when and why.

    The target is generic (threads, posts, members, reports) and may be deleted later, as a
    merged thread is: ``target_repr`` keeps what it was called, so the entry still reads.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
        verbose_name="moderator",
    )
    action = models.CharField(max_length=32, choices=Action.choices)
    created_at = models.DateTimeField(default=timezone.now)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name="target type"
    )
    object_id = models.PositiveBigIntegerField("target id")
    target = GenericForeignKey("content_type", "object_id")
    target_repr = models.CharField("target", max_length=200)
    reason = models.CharField(max_length=500, blank=True)
    details = models.JSONField(
        default=dict, blank=True, help_text="What changed, e.g. the boards of a move."
    )

    objects = ModerationLogQuerySet.as_manager()

    class Meta:
        verbose_name = "moderation log entry"
        verbose_name_plural = "moderation log"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The log page reads newest first; a target's history reads one target newest first.
            models.Index(models.F("created_at").desc(), name="modlog_recent"),
            models.Index(
                "content_type",
                "object_id",
                models.F("created_at").desc(),
                name="modlog_target",
            ),
            models.Index("actor", models.F("created_at").desc(), name="modlog_actor"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.target_repr}"

    @property
    def change(self):
        """What changed, old → new, in words (from ``details``); empty when the action says
        it all (a lock, a hide)."""
        return describe_change(self.details or {})


def _quoted(value):
    return f"“{value}”" if value else "(none)"


def _label(value):
    # Role values ("senior_member"); this app sits below accounts and does not import Role.
    return value.replace("_", " ").capitalize() if value else "(none)"


def _ban(ban):
    if not ban:
        return "not banned"
    until = ban.get("until")
    # Stored as ISO 8601 (UTC): the minute is enough to read.
    ends = f"until {until[:16].replace('T', ' ')} UTC" if until else "for good"
    return f"banned {ends} ({ban.get('reason') or 'no reason'})"


def describe_change(details):
    """``details`` of a log entry as one line a moderator reads."""
    if "new_title" in details:
        return f"{_quoted(details.get('old_title'))} → {_quoted(details['new_title'])}"
    if "new_role" in details:
        return f"{_label(details.get('old_role'))} → {_label(details['new_role'])}"
    if "to_board" in details:
        return f"{details['from_board']['name']} → {details['to_board']['name']}"
    if "new_ban" in details or "old_ban" in details:
        return f"{_ban(details.get('old_ban'))} → {_ban(details.get('new_ban'))}"
    if "new_revision" in details:
        return f"revision {details.get('old_revision')} → {details['new_revision']}"
    if "merged" in details:
        return "merged in: " + ", ".join(_quoted(thread["title"]) for thread in details["merged"])
    if "outcome" in details:
        return f"open → {_label(details['outcome'])}"
    return ""


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def described(self):
        """Reports with what their ``str`` names: the post, its thread and author, the reporter."""
        return self.select_related("post__thread", "post__author", "message__author", "reporter")


class Report(models.Model):
    """A member's report of a post, or of one message of a private conversation, to the
    moderators, open until a moderator closes it.

    A reported message shows the moderators that message and its author alone: the report
    holds no way to the rest of its conversation, which only its participants read.
    """

    class Outcome(models.TextChoices):
        ACTION_TAKEN = "action_taken", "Resolved: action taken"
        NO_ACTION = "no_action", "Rejected: no action needed"

    post = models.ForeignKey(
        "posts.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    message = models.ForeignKey(
        "conversations.Message",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reports",
        help_text="A message of a private conversation (then there is no post).",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    reason = models.TextField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports_closed",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.CharField(
        max_length=500, blank=True, help_text="What was done, for the other moderators."
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A member who reports the same post twice before it is handled adds nothing.
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=models.Q(closed_at__isnull=True),
                name="report_once_while_open",
            ),
            models.UniqueConstraint(
                fields=["message", "reporter"],
                condition=models.Q(closed_at__isnull=True),
                name="message_report_once_while_open",
            ),
            models.CheckConstraint(
                condition=models.Q(post__isnull=True) ^ models.Q(message__isnull=True),
                name="report_of_post_or_message",
            ),
        ]
        indexes = [
            models.Index(
                models.F("created_at").desc(),
                name="report_open_recent",
                condition=models.Q(closed_at__isnull=True),
            ),
        ]
        permissions = [("close_report", "Can close reports with an outcome")]

    def __str__(self):
        # Reads the post, its thread and author, and the reporter: fetch them with the report
        # (``Report.objects.described()``) where many are named.
        if self.message_id is not None:
            message = self.message
            return f"{self.reporter}’s report of a private message by {message.author}"
        post = self.post
        return (
            f"{self.reporter}’s report of post #{post.position} by {post.author} "
            f"in “{post.thread.title}”"
        )

    @property
    def is_open(self):
        return self.closed_at is None
