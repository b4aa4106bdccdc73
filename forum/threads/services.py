"""Writes that change threads. Counters move in the same transaction, with ``F()`` updates.

Locks are always taken thread first, then board(s) in id order, so two writers never wait on
each other in opposite orders.
"""

import heapq

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from forum.boards.models import Board
from forum.posts.markup import render_post_body, renumber_quotes
from forum.posts.models import Post
from forum.threads.models import Thread, ThreadRedirect


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


@transaction.atomic
def rename_thread(*, thread, title):
    """Give ``thread`` a new title and slug; its pages and its board's page show it at once."""
    Thread.objects.filter(pk=thread.pk).update(
        title=title, slug=thread_slug(title), version=F("version") + 1
    )
    Board.objects.filter(pk=thread.board_id).update(version=F("version") + 1)
    thread.refresh_from_db()
    return thread


@transaction.atomic
def merge_threads(*, sources, target):
    """Move every post of ``sources`` into ``target`` in time order, renumbered from 1.

    As in XenForo, a merged thread is gone but leaves a redirect: its old links (the thread,
    and post N of it) lead to the same posts in ``target``. Counters of the threads, boards
    and members are right when this returns. Returns the merged ``target``.
    """
    source_ids = {source.pk for source in sources} - {target.pk}
    if not source_ids:
        raise ValueError("Choose at least one other thread to merge.")
    threads = {
        thread.pk: thread
        for thread in Thread.objects.select_for_update()
        .select_related("board")
        .filter(pk__in=source_ids | {target.pk})
        .order_by("pk")
    }
    if set(threads) != source_ids | {target.pk}:
        raise Thread.DoesNotExist("A thread to merge no longer exists.")
    boards = sorted({thread.board for thread in threads.values()}, key=lambda board: board.pk)
    list(Board.objects.select_for_update().filter(pk__in=[b.pk for b in boards]).order_by("pk"))
    target = threads[target.pk]
    sources = [threads[pk] for pk in sorted(source_ids)]

    _move_post_counts(sources=sources, target=target)
    new_positions = _renumber_merged_posts(threads=threads, target=target)
    _renumber_merged_quotes(target=target, new_positions=new_positions)

    ThreadRedirect.objects.filter(target__in=sources).update(target=target)
    ThreadRedirect.objects.bulk_create(
        ThreadRedirect(
            old_thread_id=source.pk,
            target=target,
            old_title=source.title,
            posts={
                str(position): pk
                for (thread_id, position), (pk, _) in new_positions.items()
                if thread_id == source.pk
            },
        )
        for source in sources
    )
    Thread.objects.filter(pk__in=source_ids).delete()

    first = Post.objects.filter(thread=target, position=1).values("author", "created_at").get()
    visible = Post.objects.filter(thread=target, is_hidden=False).count()
    Thread.objects.filter(pk=target.pk).update(
        starter=first["author"],
        created_at=first["created_at"],
        last_position=len(new_positions),
        reply_count=max(visible - 1, 0),
    )
    refresh_latest(threads=[target], boards=boards)
    target.refresh_from_db()
    return target


def _move_post_counts(*, sources, target):
    # The sources' visible posts leave their boards and authors' counts (as a hidden thread's
    # would) and join the target's, unless the target is hidden.
    for source in sources:
        if not source.is_hidden:
            _shift_visible_posts(source, board=source.board, sign=-1)
    if target.is_hidden:
        return
    moved = (
        Post.objects.filter(thread__in=sources, is_hidden=False)
        .values("author")
        .annotate(posts=Count("pk"))
        .order_by("author")  # members in id order, as _shift_visible_posts takes them
    )
    total = 0
    for row in moved:
        User.objects.filter(pk=row["author"]).update(
            message_count=F("message_count") + row["posts"]
        )
        total += row["posts"]
    Board.objects.filter(pk=target.board_id).update(post_count=F("post_count") + total)


def _renumber_merged_posts(*, threads, target):
    """Give the posts of ``threads`` their places in ``target``; return
    ``{(old thread id, old position): (post id, new position)}``."""
    by_thread = {
        thread_id: list(
            Post.objects.filter(thread_id=thread_id)
            .order_by("position")
            .values_list("created_at", "pk", "thread_id", "position", "is_hidden")
        )
        for thread_id in threads
    }
    # Each thread keeps its own order; the threads interleave by time.
    merged = list(heapq.merge(*by_thread.values(), key=lambda row: (row[0], row[1])))
    if merged[0][4]:
        # A hidden post cannot open a thread (hiding the first post hides the thread), so the
        # earliest visible post opens it.
        first_visible = next(index for index, row in enumerate(merged) if not row[4])
        merged.insert(0, merged.pop(first_visible))
    new_positions = {
        (thread_id, position): (pk, new)
        for new, (_, pk, thread_id, position, _) in enumerate(merged, start=1)
    }
    # Positions are unique per thread at every row written, so the target's posts from the
    # first one that moves are lifted above every final number, then all drop into place.
    lifted_from = min(
        (
            position
            for (thread_id, position), (_, new) in new_positions.items()
            if thread_id == target.pk and position != new
        ),
        default=None,
    )
    if lifted_from is not None:
        Post.objects.filter(thread=target, position__gte=lifted_from).update(
            position=F("position") + max(target.last_position, len(merged)) + 1
        )
    changed = [
        Post(pk=pk, thread_id=target.pk, position=new)
        for (thread_id, position), (pk, new) in new_positions.items()
        if thread_id != target.pk or (lifted_from is not None and position >= lifted_from)
    ]
    Post.objects.bulk_update(changed, ["thread", "position"], batch_size=500)
    return new_positions


def _renumber_merged_quotes(*, target, new_positions):
    # Quotes name posts by number: same-thread quotes in the merged posts, and quotes of the
    # merged threads by id, are rewritten to the new numbers in the one thread they now share.
    old_position = {pk: key for key, (pk, _) in new_positions.items()}
    renumbered = []
    posts = Post.objects.filter(thread=target, body__icontains="post:").only(
        "pk", "body", "edited_by"
    )
    for post in posts:
        origin = old_position[post.pk][0]

        def renumber(number, topic, origin=origin):
            key = (origin if topic is None else topic, number)
            if key not in new_positions:
                return None
            return new_positions[key][1], None

        body = renumber_quotes(post.body, renumber)
        if body != post.body:
            # As rerender_posts renders: imported text never edited here keeps @names as text.
            mentions = not (target.source_key and post.edited_by_id is None)
            post.body, post.body_html = body, render_post_body(body, mentions=mentions)
            renumbered.append(post)
    Post.objects.bulk_update(renumbered, ["body", "body_html"], batch_size=500)
