from django.db import models
from django.db.models import Count, Exists, Max, OuterRef, Sum, Value

from forum.follow.unread import unread_threads


class BoardQuerySet(models.QuerySet):
    def for_index(self):
        """Every board with its category and latest post, in index order, in one query."""
        return self.select_related("category", "last_post__author", "last_post__thread").order_by(
            "category__position", "category__name", "position", "name"
        )

    def watched_by(self, user):
        """The boards ``user`` watches, in index order, with what the index shows of them."""
        return self.for_index().filter(watches__user=user)

    def with_unread(self, user):
        """Each board with ``has_unread``: whether one of its threads has a post ``user`` has
        not read (in the same query: one EXISTS per board)."""
        if not user.is_authenticated:
            return self.annotate(has_unread=Value(False))
        # Boards sit below the threads app: its model is reached through our own relation.
        threads = self.model.threads.field.model.objects
        unread = threads.filter(board=OuterRef("pk"), is_hidden=False).filter(unread_threads(user))
        return self.annotate(has_unread=Exists(unread))

    def index_version(self):
        """A stamp that changes whenever the index would: every write raises a board's version,
        so their sum only grows; the count and highest id catch boards added or deleted."""
        stamp = self.aggregate(boards=Count("pk"), versions=Sum("version"), newest=Max("pk"))
        return (stamp["boards"], stamp["versions"], stamp["newest"])

    def lock(self, *boards):
        """Lock the rows of ``boards`` in id order (after their threads: see
        ``ThreadQuerySet.lock``)."""
        ids = sorted({board.pk for board in boards})
        list(self.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
