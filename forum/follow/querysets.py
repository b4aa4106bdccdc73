from django.db import models
from django.db.models import Q


class AlertQuerySet(models.QuerySet):
    def shown(self):
        """The alerts that still show: none about a post or thread hidden since (a moderator's
        action keeps its alert: it tells the member what happened to their post)."""
        return self.filter(
            Q(kind="moderation")
            | Q(thread__is_hidden=False) & (Q(post__isnull=True) | Q(post__is_hidden=False))
        )

    def for_member(self, user):
        """``user``'s alerts that still show."""
        return self.shown().filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_alerts_page(self):
        """Newest first, with what an alert's line shows."""
        return self.select_related("thread", "post", "actor", "other_actor").order_by(
            "-created_at", "-id"
        )
