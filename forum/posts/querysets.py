from django.conf import settings
from django.db import models
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from forum import permissions
from forum.expressions import OfRow
from forum.posts import indexing


class PostQuerySet(models.QuerySet):
    def index_for_search(self):
        """Store these posts' search vectors from their rows, in one UPDATE (reached from a
        thread as ``thread.posts.index_for_search()`` by the thread services)."""
        return indexing.index_posts(self)

    def visible_to(self, user):
        """What ``user`` may read (``permissions.can_view_thread``/``can_view_post``): fetching
        one by id from here 404s rather than leaks a hidden one."""
        if permissions.can_view_hidden(user):
            return self
        return self.filter(is_hidden=False, thread__is_hidden=False)

    def for_thread_page(self, thread, page, viewer):
        """The posts of one page of ``thread``, found by position range rather than OFFSET."""
        per_page = settings.FORUM_POSTS_PER_PAGE
        first = (page - 1) * per_page + 1
        posts = self.filter(thread=thread, position__range=(first, first + per_page - 1))
        if permissions.can_view_hidden(viewer):
            # Hidden posts say who hid them (``hidden_by``), in the same query.
            posts = posts.select_related("hidden_by")
        elif viewer.is_authenticated:
            # Members see their own posts waiting for approval, and no one else's.
            posts = posts.filter(
                models.Q(is_hidden=False) | models.Q(awaiting_approval=True, author=viewer)
            )
        else:
            posts = posts.filter(is_hidden=False)
        # The LIMIT changes nothing in the rows but everything in the plan: without it,
        # PostgreSQL guesses from table-wide statistics that "position <= 20" matches most of
        # a long thread and scans all of it (170 ms on a 100,000-post thread, 0.5 ms with it).
        # ``imported``, ``imported_facts``: what an imported page showed of the post (likes,
        # signature) and of its author (banners, unknown join date), if anything.
        return (
            posts.select_related("author", "author__imported_facts", "imported")
            .without_search_columns()
            .with_liked_by(viewer)
            .order_by("position")[:per_page]
        )

    def missing_positions(self, thread, page):
        """The numbers of ``page`` of ``thread`` that no post holds, hidden posts included.

        Only an imported thread can have any (its source's numbers, where the dump lacked a
        post), so other threads are answered without a query.
        """
        if not thread.source_key:
            return []
        per_page = settings.FORUM_POSTS_PER_PAGE
        first = (page - 1) * per_page + 1
        last = min(first + per_page - 1, thread.last_position)
        held = set(
            self.filter(thread=thread, position__range=(first, last)).values_list(
                "position", flat=True
            )
        )
        return [number for number in range(first, last + 1) if number not in held]

    def without_search_columns(self):
        """Leave out the search vector and word pairs, which a page never shows and which weigh
        more than the rest of a post's row."""
        return self.defer("search_vector", "search_pairs")

    def with_liked_by(self, viewer):
        """Annotate ``liked_by_viewer``: whether ``viewer`` likes each post (one EXISTS)."""
        if not viewer.is_authenticated:
            return self.annotate(liked_by_viewer=models.Value(False))
        # The Like model through the posts' ``likes`` relation: models.py imports this module.
        # Written out (``OfRow``): a member's every thread page asks it.
        return self.annotate(
            liked_by_viewer=OfRow(
                "EXISTS (SELECT 1 FROM {table} WHERE post_id = {row} AND user_id = %s)",
                model=self.model.likes.rel.related_model,
                params=[viewer.pk],
                output_field=models.BooleanField(),
            )
        )

    def recent_for(self, viewer, limit):
        """The latest of these posts that ``viewer`` may read, with their threads (a member's
        profile: ``member.posts.recent_for(viewer, limit)``)."""
        return (
            self.visible_to(viewer)
            .select_related("thread__board")
            .without_search_columns()
            .order_by("-created_at", "-id")[:limit]
        )


class LikeQuerySet(models.QuerySet):
    def latest_per_post(self, post_ids, per_post):
        """The ``per_post`` latest likes of each post in ``post_ids``, with their members, in
        one query whatever the number of likes (a window numbers each post's likes)."""
        ranked = self.filter(post_id__in=post_ids).annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("post_id")],
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        return (
            ranked.filter(rank__lte=per_post)
            .select_related("user")
            .only("post_id", "created_at", "user__id", "user__username")
            .order_by("post_id", "rank")
        )
