import html
import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from forum.posts.querysets import LikeQuerySet, PostQuerySet

# Quotes nest, and the stored HTML is ours (the sanitiser's output): removing the innermost quote
# until none is left is enough.
_QUOTES = re.compile(r'<blockquote class="quote">(?:(?!<blockquote).)*?</blockquote>', re.DOTALL)


def _without_quotes(html_text):
    while True:
        stripped = _QUOTES.sub(" ", html_text)
        if stripped == html_text:
            return stripped
        html_text = stripped


class PostManager(models.Manager.from_queryset(PostQuerySet)):
    def get_by_natural_key(self, thread_source_key, position):
        return self.get(thread__source_key=thread_source_key, position=position)


class Post(models.Model):
    """One message in a thread: its source as written and the safe HTML made from it."""

    thread = models.ForeignKey("threads.Thread", on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    position = models.PositiveIntegerField(help_text="1 for the opening post, then 2, 3…")
    body = models.TextField(help_text="As written, in the forum's markup.")
    body_html = models.TextField(editable=False, help_text="Sanitised HTML made from the body.")
    created_at = models.DateTimeField(default=timezone.now)
    time_is_known = models.BooleanField(
        default=True,
        editable=False,
        help_text="False for imported posts whose source gave the day but not the time.",
    )
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        help_text="Who wrote the current version, when it is not the first.",
    )
    revision = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="1 as first written, raised by each edit; an edit form sends back the number "
        "it started from, so a save made over someone else's is refused.",
    )
    submission_token = models.UUIDField(
        null=True,
        blank=True,
        editable=False,
        help_text="Identity of the form that made this post, so that a resubmission makes none.",
    )
    is_hidden = models.BooleanField("hidden", default=False)
    # Who hid it, when and why, set by the hide service (as on threads); cleared on restore.
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    hidden_reason = models.CharField(max_length=500, blank=True, editable=False)
    # A new member's post with links, held back until a moderator approves it: hidden (so no
    # counter holds it) and shown to its author and the moderators only.
    awaiting_approval = models.BooleanField("awaiting approval", default=False, editable=False)
    like_count = models.PositiveIntegerField(default=0, editable=False)
    # [[member id, username], ...] of the latest likers, newest first: the "A, B and C like
    # this" line without a query. Written with like_count under the thread's row lock
    # (forum.posts.services), rebuilt by ``recount``.
    recent_likers = models.JSONField(default=list, blank=True, editable=False)
    # The words search finds this post by (PostgreSQL; forum/posts/indexing.py writes it). The
    # GIN index on it is made by migration 0008, on PostgreSQL only.
    search_vector = SearchVectorField(null=True, editable=False)
    # Its adjacent words as pairs ("night train"), for phrase searches: written with the vector,
    # GIN-indexed by migration 0010 (PostgreSQL only).
    search_pairs = SearchVectorField(null=True, editable=False)
    # Its thread's board, beside the vector (written with it, and by move_thread), so that a
    # search in one board walks that board's posts (index post_search_board_newest) instead of
    # all posts, joining each one's thread. No foreign key: only search reads it.
    search_board = models.ForeignKey(
        "boards.Board",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        editable=False,
        related_name="+",
    )

    objects = PostManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "position"], name="post_unique_position"),
            models.UniqueConstraint(
                fields=["author", "submission_token"],
                condition=models.Q(submission_token__isnull=False),
                name="post_submitted_once",
            ),
        ]
        indexes = [
            models.Index(fields=["author", "-created_at"], name="post_author_recent"),
            # A member's posts newest id first: a search by:member walks them and stops at
            # FORUM_SEARCH_MAX_RESULTS matches, however many posts the member wrote.
            models.Index(fields=["author", "-id"], name="post_author_newest"),
            models.Index(fields=["search_board", "-id"], name="post_search_board_newest"),
        ]
        permissions = [
            ("hide_post", "Can hide and restore any post"),
            ("view_post_history", "Can see earlier versions of edited posts"),
            ("bypass_flood_check", "Can post without waiting between posts"),
        ]

    def __str__(self):
        return f"#{self.position} in {self.thread_id}"

    def get_absolute_url(self):
        return reverse("posts:permalink", kwargs={"pk": self.pk})

    def natural_key(self):
        return (*self.thread.natural_key(), self.position)

    natural_key.dependencies = ["threads.thread"]

    @property
    def excerpt(self):
        """The post's own words as plain text, without the posts it quotes, for listings."""
        own_words = _without_quotes(self.body_html)
        return " ".join(html.unescape(strip_tags(own_words)).split())

    @property
    def is_first(self):
        return self.position == 1


class Like(models.Model):
    """A member's like of a post; one per member and post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = LikeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="like_once_per_member"),
        ]
        indexes = [models.Index(fields=["post", "-created_at"], name="like_post_recent")]

    def __str__(self):
        return f"{self.user_id} likes {self.post_id}"


class PostRevision(models.Model):
    """An earlier version of an edited post, kept for moderators; the current one is the post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(help_text="The post's revision number this text had.")
    body = models.TextField(help_text="The source as it was.")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(help_text="When this version was saved.")
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who saved the version that followed.",
    )
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="revision_unique_number"),
        ]
        ordering = ["post", "-number"]

    def __str__(self):
        return f"revision {self.number} of post {self.post_id}"
