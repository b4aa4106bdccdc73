from django.conf import settings
from django.db import models

from forum import permissions


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        if permissions.can_view_hidden(user):
            return self
        return self.filter(is_hidden=False, thread__is_hidden=False)

    def for_thread_page(self, thread, page, viewer):
        """The posts of one page of ``thread``, found by position range rather than OFFSET."""
        per_page = settings.FORUM_POSTS_PER_PAGE
        first = (page - 1) * per_page + 1
        posts = self.filter(thread=thread, position__range=(first, first + per_page - 1))
        if not permissions.can_view_hidden(viewer):
            posts = posts.filter(is_hidden=False)
        # The LIMIT changes nothing in the rows but everything in the plan: without it,
        # PostgreSQL guesses from table-wide statistics that "position <= 20" matches most of
        # a long thread and scans all of it (170 ms on a 100,000-post thread, 0.5 ms with it).
        return posts.select_related("author").order_by("position")[:per_page]

    def recent_by(self, author, viewer, limit):
        """The latest posts of ``author`` that ``viewer`` may read, with their threads."""
        return (
            self.filter(author=author)
            .visible_to(viewer)
            .select_related("thread__board")
            .order_by("-created_at", "-id")[:limit]
        )
