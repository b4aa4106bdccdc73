from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone

from forum.threads.querysets import ThreadQuerySet


class ThreadManager(models.Manager.from_queryset(ThreadQuerySet)):
    def get_by_natural_key(self, source_key):
        return self.get(source_key=source_key)


class Thread(models.Model):
    """A discussion in a board. Posts are numbered by ``position``, 1 being the opening post."""

    board = models.ForeignKey("boards.Board", on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, allow_unicode=True)
    starter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads_started"
    )
    created_at = models.DateTimeField(default=timezone.now)
    is_pinned = models.BooleanField("pinned", default=False)
    is_locked = models.BooleanField("locked", default=False)
    is_hidden = models.BooleanField("hidden", default=False)
    # Who hid it, when and why, kept on the row by the hide service so a page shows it without
    # reading the log; cleared on restore (the log keeps every hide and restore).
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
    reply_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Visible posts after the first."
    )
    last_position = models.PositiveIntegerField(
        default=0, editable=False, help_text="Highest post position given out, hidden included."
    )
    last_post = models.ForeignKey(
        "posts.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_post_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Raised by every change that its pages show; part of their cache key.",
    )
    # The title's words, for "titles only" searches (forum/threads/indexing.py writes it).
    title_vector = SearchVectorField(null=True, editable=False)
    source_key = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Identity of an imported thread in its source, so a re-import finds it.",
    )

    objects = ThreadManager()

    class Meta:
        indexes = [
            # The board page: pinned first, then latest activity, among visible threads.
            models.Index(
                "board",
                models.F("is_pinned").desc(),
                models.F("last_post_at").desc(),
                models.F("id").desc(),
                name="thread_board_listing",
                condition=models.Q(is_hidden=False),
            ),
        ]
        permissions = [
            ("view_hidden_thread", "Can see hidden threads and posts"),
            ("reply_to_locked_thread", "Can reply to locked threads"),
            ("lock_thread", "Can lock and unlock threads"),
            ("pin_thread", "Can pin and unpin threads"),
            ("move_thread", "Can move threads to another board"),
            ("hide_thread", "Can hide and restore threads"),
            ("merge_thread", "Can merge threads into another"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # Reversed once per address: a thread page asks for it a dozen times (its page links),
        # a board page several times a row (its jump links), at about 20 µs each.
        kwargs = self._url_kwargs()
        known = self.__dict__.get("_address")
        if known is None or known[0] != kwargs:
            known = self._address = (kwargs, reverse("posts:thread", kwargs=kwargs))
        return known[1]

    def natural_key(self):
        return (self.source_key,)

    def _url_kwargs(self):
        return {"slug": self.slug or "thread", "pk": self.pk}

    def get_page_url(self, page):
        if page <= 1:
            return self.get_absolute_url()
        return f"{self.get_absolute_url()}?page={page}"

    def refresh_latest(self):
        """Point at the latest visible post (after a hide, restore, move or merge)."""
        latest = self.posts.filter(is_hidden=False).order_by("-position").first()
        self.last_post = latest
        self.last_post_at = latest.created_at if latest else self.created_at
        Thread.objects.filter(pk=self.pk).update(
            last_post=self.last_post, last_post_at=self.last_post_at
        )

    @property
    def page_count(self):
        per_page = settings.FORUM_POSTS_PER_PAGE
        return max(1, -(-self.last_position // per_page))

    def page_of_position(self, position):
        return (position - 1) // settings.FORUM_POSTS_PER_PAGE + 1

    def get_position_url(self, position):
        """Where post number ``position`` of this thread is read."""
        return f"{self.get_page_url(self.page_of_position(position))}#post-{position}"


class ThreadRedirect(models.Model):
    """Where a thread merged into another now lives, so its old links keep working.

    XenForo leaves a redirect in place of a merged thread; this one is not listed on the board
    (the posts are in the target) but answers the old thread's URLs. ``posts`` maps the old
    positions to the posts' ids, which never change, so a link to post N of the old thread
    lands on that same post wherever it is now.
    """

    old_thread_id = models.PositiveBigIntegerField(primary_key=True)
    target = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="redirects")
    old_title = models.CharField(max_length=200)
    posts = models.JSONField(default=dict, help_text="Old position → post id.")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.old_title} → {self.target_id}"
