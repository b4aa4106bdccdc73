"""Moderators' writes to threads: lock, pin, hide, move, merge, rename.

Each takes ``by`` (the moderator), checks "already done?" under the thread's row lock, changes
the thread with its counters (``F()`` updates, in the same transaction), logs itself through
``forum.moderation.log`` and makes the pages that show it stale through ``forum.cache.touch``.
It returns the log entry, or ``None`` when there was nothing to do, so repeating an action
neither changes nor logs anything. Callers check the permission first.

Locks are always taken thread first, then board(s) in id order (``Thread.objects.lock``), so
two writers never wait on each other in opposite orders. A thread's posts are reached through
its ``posts`` relation: this app sits below ``forum.posts`` and never imports it.
"""

import heapq

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from forum.boards.models import Board
from forum.cache import touch
from forum.follow.services import content_moderated, delete_alerts_about, recount_alerts_about
from forum.markup import render_post_body, renumber_quotes
from forum.moderation.log import Action, record
from forum.threads.models import Thread, ThreadRedirect


def thread_slug(title):
    return slugify(title, allow_unicode=True)[:200] or "thread"


def _set_flag(thread, by, reason, action, **flag):
    ((name, value),) = flag.items()
    thread = Thread.objects.lock(thread)
    if getattr(thread, name) == value:
        return None
    Thread.objects.filter(pk=thread.pk).update(**flag)
    setattr(thread, name, value)
    touch(threads=[thread], boards=[thread.board])
    return record(by=by, action=action, target=thread, reason=reason)


@transaction.atomic
def lock_thread(*, thread, by, reason=""):
    """Lock ``thread`` against replies, log it and tell its starter."""
    entry = _set_flag(thread, by, reason, Action.LOCK_THREAD, is_locked=True)
    if entry is not None:
        content_moderated(by=by, thread=thread, action="locked")
    return entry


@transaction.atomic
def unlock_thread(*, thread, by, reason=""):
    """Open ``thread`` to replies again and log it."""
    return _set_flag(thread, by, reason, Action.UNLOCK_THREAD, is_locked=False)


@transaction.atomic
def pin_thread(*, thread, by, reason=""):
    """Pin ``thread`` to the top of its board and log it."""
    return _set_flag(thread, by, reason, Action.PIN_THREAD, is_pinned=True)


@transaction.atomic
def unpin_thread(*, thread, by, reason=""):
    """Let ``thread`` sink back among the others and log it."""
    return _set_flag(thread, by, reason, Action.UNPIN_THREAD, is_pinned=False)


def shift_visible_posts(thread, *, board, sign):
    """Add (sign=1) or take away (sign=-1) ``thread``'s visible posts from board and members."""
    visible = thread.posts.filter(is_hidden=False)
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


def hidden_fields(by, reason, hidden):
    """Who hid a thread or post, when and why, as its row keeps them (cleared on restore)."""
    if not hidden:
        return {"hidden_by": None, "hidden_at": None, "hidden_reason": ""}
    return {"hidden_by": by, "hidden_at": timezone.now(), "hidden_reason": reason[:500]}


def _set_hidden(thread, by, reason, action, *, hidden):
    thread = Thread.objects.lock_with_boards(thread)
    if thread.is_hidden == hidden:
        return None
    Thread.objects.filter(pk=thread.pk).update(
        is_hidden=hidden, **hidden_fields(by, reason, hidden)
    )
    thread.is_hidden = hidden
    # Its alerts leave (or rejoin) their members' unread counts, once this commits.
    recount_alerts_about(threads=[thread])
    shift_visible_posts(thread, board=thread.board, sign=-1 if hidden else 1)
    thread.board.refresh_latest()
    touch(threads=[thread], boards=[thread.board])
    return record(by=by, action=action, target=thread, reason=reason)


@transaction.atomic
def hide_thread(*, thread, by, reason=""):
    """Hide ``thread`` from members (its posts leave the counts), log it and tell its starter."""
    entry = _set_hidden(thread, by, reason, Action.HIDE_THREAD, hidden=True)
    if entry is not None:
        content_moderated(by=by, thread=thread, action="hid")
    return entry


@transaction.atomic
def restore_thread(*, thread, by, reason=""):
    """Show a hidden ``thread`` again (its posts rejoin the counts) and log it."""
    return _set_hidden(thread, by, reason, Action.RESTORE_THREAD, hidden=False)


@transaction.atomic
def move_thread(*, thread, board, by, reason=""):
    """Move ``thread`` to ``board`` (both boards' counters and latest posts follow) and log
    where from."""
    thread = Thread.objects.lock_with_boards(thread, board)
    old_board = thread.board
    if old_board.pk == board.pk:
        return None
    if not thread.is_hidden:
        shift_visible_posts(thread, board=old_board, sign=-1)
        shift_visible_posts(thread, board=board, sign=1)
    Thread.objects.filter(pk=thread.pk).update(board=board)
    # Search finds a board's posts by the board stored beside their vectors.
    thread.posts.update(search_board=board)
    thread.board = board
    old_board.refresh_latest()
    board.refresh_latest()
    touch(threads=[thread], boards=[old_board, board])
    content_moderated(by=by, thread=thread, action="moved")
    return record(
        by=by,
        action=Action.MOVE_THREAD,
        target=thread,
        reason=reason,
        from_board={"id": old_board.pk, "name": old_board.name},
        to_board={"id": board.pk, "name": board.name},
    )


@transaction.atomic
def rename_thread(*, thread, title, by, reason=""):
    """Give ``thread`` a new title (and slug) and log the old one."""
    thread = Thread.objects.lock(thread)
    if thread.title == title:
        return None
    old_title = thread.title
    Thread.objects.filter(pk=thread.pk).update(title=title, slug=thread_slug(title))
    thread.title, thread.slug = title, thread_slug(title)
    Thread.objects.filter(pk=thread.pk).index_titles_for_search()
    # The title is in the opening post's vector (forum/posts/indexing.py).
    thread.posts.filter(position=1).index_for_search()
    touch(threads=[thread], boards=[thread.board])
    return record(
        by=by,
        action=Action.RENAME_THREAD,
        target=thread,
        target_repr=title,
        reason=reason,
        old_title=old_title,
        new_title=title,
    )


@transaction.atomic
def merge_threads(*, sources, target, by, reason=""):
    """Move every post of ``sources`` into ``target`` in time order, renumbered from 1, and
    log it; return the log entry (``target`` is refreshed).

    As in XenForo, a merged thread is gone but leaves a redirect: its old links (the thread,
    and post N of it) lead to the same posts in ``target``. Counters of the threads, boards
    and members are right when this returns.
    """
    source_ids = {source.pk for source in sources} - {target.pk}
    if not source_ids:
        raise ValueError("Choose at least one other thread to merge.")
    merged = [
        {"id": source.pk, "title": source.title} for source in sources if source.pk in source_ids
    ]
    # The rows alone, boards read after: joined to their boards, threads moved meanwhile
    # would drop out of the locking query (see ThreadQuerySet.lock).
    threads = {
        thread.pk: thread
        for thread in Thread.objects.select_for_update()
        .filter(pk__in=source_ids | {target.pk})
        .order_by("pk")
    }
    if set(threads) != source_ids | {target.pk}:
        raise Thread.DoesNotExist("A thread to merge no longer exists.")
    boards_by_id = Board.objects.in_bulk({thread.board_id for thread in threads.values()})
    for thread in threads.values():
        thread.board = boards_by_id[thread.board_id]
    boards = sorted(boards_by_id.values(), key=lambda board: board.pk)
    Board.objects.lock(*boards)
    target = threads[target.pk]
    sources = [threads[pk] for pk in sorted(source_ids)]

    _move_post_counts(sources=sources, target=target)
    new_positions = _renumber_merged_posts(threads=threads, target=target)
    _renumber_merged_quotes(target=target, new_positions=new_positions)
    # Renumbered posts change which one opens the thread (and carries its title), and
    # renumbered quotes change their HTML: the whole merged thread is indexed again.
    target.posts.all().index_for_search()

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
    # Their alerts go with them, and out of their members' unread counts once this commits.
    delete_alerts_about(threads=sources)
    Thread.objects.filter(pk__in=source_ids).delete()

    first = target.posts.filter(position=1).values("author", "created_at").get()
    visible = target.posts.filter(is_hidden=False).count()
    Thread.objects.filter(pk=target.pk).update(
        starter=first["author"],
        created_at=first["created_at"],
        last_position=len(new_positions),
        reply_count=max(visible - 1, 0),
    )
    target.refresh_from_db()
    target.refresh_latest()
    for board in boards:
        board.refresh_latest()
    touch(threads=[target], boards=boards)
    return record(
        by=by,
        action=Action.MERGE_THREADS,
        target=target,
        reason=reason,
        merged=merged,
    )


def _move_post_counts(*, sources, target):
    # The sources' visible posts leave their boards and authors' counts (as a hidden thread's
    # would) and join the target's, unless the target is hidden.
    for source in sources:
        if not source.is_hidden:
            shift_visible_posts(source, board=source.board, sign=-1)
    if target.is_hidden:
        return
    moved = (
        target.posts.model.objects.filter(thread__in=sources, is_hidden=False)
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
    posts = target.posts.model.objects
    by_thread = {
        thread_id: list(
            posts.filter(thread_id=thread_id)
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
        target.posts.filter(position__gte=lifted_from).update(
            position=F("position") + max(target.last_position, len(merged)) + 1
        )
    changed = [
        posts.model(pk=pk, thread_id=target.pk, position=new)
        for (thread_id, position), (pk, new) in new_positions.items()
        if thread_id != target.pk or (lifted_from is not None and position >= lifted_from)
    ]
    posts.bulk_update(changed, ["thread", "position"], batch_size=500)
    return new_positions


def _renumber_merged_quotes(*, target, new_positions):
    # Quotes name posts by number: same-thread quotes in the merged posts, and quotes of the
    # merged threads by id, are rewritten to the new numbers in the one thread they now share.
    old_position = {pk: key for key, (pk, _) in new_positions.items()}
    renumbered = []
    posts = target.posts.filter(body__icontains="post:").only("pk", "body", "edited_by")
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
    target.posts.model.objects.bulk_update(renumbered, ["body", "body_html"], batch_size=500)
