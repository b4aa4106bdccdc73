from django.db import models
from django.urls import reverse

from forum.boards.querysets import BoardQuerySet


class CategoryManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Category(models.Model):
    """A heading on the forum index that groups boards."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = CategoryManager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("boards:index") + f"#category-{self.slug}"

    def natural_key(self):
        return (self.slug,)


class BoardManager(models.Manager.from_queryset(BoardQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Board(models.Model):
    """A place where threads are started. Its counters count what members can see."""

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="boards")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    thread_count = models.PositiveIntegerField(default=0, editable=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)
    version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Raised by every change that its pages show; part of their cache key.",
    )
    last_post = models.ForeignKey(
        "posts.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = BoardManager()

    class Meta:
        ordering = ["category__position", "position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("boards:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    def refresh_latest(self):
        """Point at the latest visible post of the board: the latest of its visible threads'
        own latest posts, so call it after the threads' ``refresh_latest``."""
        latest = (
            self.threads.filter(is_hidden=False, last_post__isnull=False)
            .order_by("-last_post__created_at", "-last_post_id")
            .values_list("last_post_id", flat=True)
            .first()
        )
        Board.objects.filter(pk=self.pk).update(last_post_id=latest)
        self.last_post_id = latest

    def get_page_url(self, page):
        if page <= 1:
            return self.get_absolute_url()
        return f"{self.get_absolute_url()}?page={page}"
