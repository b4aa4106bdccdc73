from django.db import models

from forum import permissions
from forum.boards.models import Board
from forum.follow import unread
from forum.threads import indexing


class ThreadQuerySet(models.QuerySet):
    def index_titles_for_search(self):
        """Store these threads' title vectors, in one UPDATE."""
        return indexing.index_titles(self)

    def visible_to(self, user):
        """What ``user`` may read (``permissions.can_view_thread``/``can_view_post``): fetching
        one by id from here 404s rather than leaks a hidden one."""
        if permissions.can_view_hidden(user):
            return self
        return self.filter(is_hidden=False)

    def for_board_page(self):
        """Threads in board order, with what a board page row shows."""
        return self.select_related("starter", "last_post__author").order_by(
            "-is_pinned", "-last_post_at", "-id"
        )

    def with_unread(self, user):
        """Each thread with ``is_unread``: whether it has a post ``user`` has not read."""
        return self.annotate(is_unread=unread.is_unread(user))

    def unread_by(self, user):
        """The threads with a post ``user`` has not read, latest activity first."""
        return (
            self.filter(unread.unread_threads(user))
            .select_related("board", "starter", "last_post__author")
            .order_by("-last_post_at", "-id")
        )

    def watched_by(self, user):
        """The threads ``user`` watches, latest activity first, with what a row of their
        Watched page shows (its unread marker in the same query)."""
        return (
            self.filter(watches__user=user)
            .select_related("board", "last_post__author")
            .with_unread(user)
            .order_by("-last_post_at", "-id")
        )

    def lock(self, thread):
        """Lock ``thread``'s row and return it fresh, with its board (not locked).

        The row is locked alone, not joined to its board: PostgreSQL rechecks a row that a
        concurrent write changed against the rows it was joined to before, so a thread moved
        meanwhile dropped out of the join with its old board (DoesNotExist, a 500; the random
        storm of tests/faults found it). The board is the one ``thread`` carries when it still
        is the thread's, else read when asked for.
        """
        locked = self.select_for_update().get(pk=thread.pk)
        board_field = self.model._meta.get_field("board")
        if board_field.is_cached(thread) and thread.board_id == locked.board_id:
            locked.board = thread.board
        return locked

    def lock_with_boards(self, thread, *boards):
        """Lock ``thread``'s row, then its board's and ``boards``' rows in id order; return the
        fresh thread.

        Every write that touches a thread's page takes its row first, and boards after it in
        id order, so two writers never wait on each other in opposite orders.
        """
        locked = self.lock(thread)
        Board.objects.lock(locked.board, *boards)
        return locked
