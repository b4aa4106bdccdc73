from django.db import models

from forum import permissions


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user):
        if permissions.can_view_hidden(user):
            return self
        return self.filter(is_hidden=False)

    def for_board_page(self):
        """Threads in board order, with what a board page row shows."""
        return self.select_related("starter", "last_post__author").order_by(
            "-is_pinned", "-last_post_at", "-id"
        )
