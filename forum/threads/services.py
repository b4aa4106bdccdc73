"""Writes that change threads. Counters move in the same transaction, with ``F()`` updates.

Locks are always taken thread first, then board(s) in id order, so two writers never wait on
each other in opposite orders.
"""

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from forum.boards.models import Board
from forum.posts.models import Post
from forum.threads.models import Thread


def thread_slug(title):
    return slugify(title, allow_unicode=True)[:200] or "thread"


@transaction.atomic
def start_thread(*, board, author, title, body, token=None, check_flood=False):
    """Create a thread in ``board`` with ``body`` as its first post; return the thread.

    ``token`` and ``check_flood`` work as in ``reply_to_thread``: the same form sent twice
    returns the thread it made the first time; a refused first post creates no thread.
    """
    from forum.posts.services import find_submitted_post, reply_to_thread

    # The board's lock makes two sends of one form take turns, so the second finds the first.
    list(Board.objects.select_for_update().filter(pk=board.pk).values_list("pk"))
    earlier = find_submitted_post(author=author, token=token)
    if earlier is not None:
        if earlier.position == 1 and earlier.body == body and earlier.thread.title == title:
            return earlier.thread
        token = None
    now = timezone.now()
    thread = Thread.objects.create(
        board=board,
        title=title,
        slug=thread_slug(title),
        starter=author,
        created_at=now,
        last_post_at=now,
    )
    Board.objects.filter(pk=board.pk).update(thread_count=F("thread_count") + 1)
    reply_to_thread(
        thread=thread,
        author=author,
        body=body,
        token=token,
        check_flood=check_flood,
    )
    thread.refresh_from_db()
    return thread


def lock_thread_rows(thread, *boards):
    """Lock ``thread`` and then ``boards`` in id order; return the fresh thread."""
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    board_ids = sorted({board.pk for board in boards} | {locked.board_id})
    list(Board.objects.select_for_update().filter(pk__in=board_ids).order_by("pk"))
    return locked


def refresh_latest(*, threads=(), boards=()):
    """Point threads and boards at their latest visible post (after a hide, restore or move)."""
    for thread in threads:
        latest = Post.objects.filter(thread=thread, is_hidden=False).order_by("-position").first()
        Thread.objects.filter(pk=thread.pk).update(
            last_post=latest,
            last_post_at=latest.created_at if latest else thread.created_at,
            version=F("version") + 1,
        )
    for board in boards:
        latest = (
            Post.objects.filter(thread__board=board, thread__is_hidden=False, is_hidden=False)
            .order_by("-created_at", "-pk")
            .first()
        )
        Board.objects.filter(pk=board.pk).update(last_post=latest, version=F("version") + 1)


def _shift_visible_posts(thread, *, board, sign):
    """Add (sign=1) or take away (sign=-1) ``thread``'s visible posts from board and members."""
    visible = Post.objects.filter(thread=thread, is_hidden=False)
    # Members in id order, so two of these running at once never wait on each other in a circle.
    per_author = visible.values("author").annotate(posts=Count("pk")).order_by("author")
    total = 0
    for row in per_author:
        User.objects.filter(pk=row["author"]).update(
            message_count=F("message_count") + sign * row["posts"]
        )
        total += row["posts"]
    Board.objects.filter(pk=board.pk).update(
        thread_count=F("thread_count") + sign, post_count=F("post_count") + sign * total
    )


@transaction.atomic
def set_thread_hidden(*, thread, hidden):
    """Hide or restore ``thread``; its posts leave or rejoin the board's and members' counts."""
    thread = lock_thread_rows(thread)
    if thread.is_hidden == hidden:
        return thread
    Thread.objects.filter(pk=thread.pk).update(is_hidden=hidden, version=F("version") + 1)
    _shift_visible_posts(thread, board=thread.board, sign=-1 if hidden else 1)
    refresh_latest(boards=[thread.board])
    thread.refresh_from_db()
    return thread


@transaction.atomic
def move_thread(*, thread, board):
    """Move ``thread`` to ``board``; both boards' counters and latest posts follow it."""
    thread = lock_thread_rows(thread, board)
    old_board = thread.board
    if old_board.pk == board.pk:
        return thread
    if not thread.is_hidden:
        _shift_visible_posts(thread, board=old_board, sign=-1)
        _shift_visible_posts(thread, board=board, sign=1)
    Thread.objects.filter(pk=thread.pk).update(board=board, version=F("version") + 1)
    refresh_latest(boards=[old_board, board])
    thread.refresh_from_db()
    return thread


@transaction.atomic
def set_thread_flags(*, thread, **flags):
    """Set ``is_locked`` and/or ``is_pinned`` on ``thread``."""
    allowed = {"is_locked", "is_pinned"}
    if not flags or set(flags) - allowed:
        raise ValueError(f"only {sorted(allowed)} can be set here")
    Thread.objects.filter(pk=thread.pk).update(**flags, version=F("version") + 1)
    Board.objects.filter(pk=thread.board_id).update(version=F("version") + 1)
    thread.refresh_from_db()
    return thread
