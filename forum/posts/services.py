"""Writes that change posts and likes: starting a thread, replying, editing, hiding, liking.

Counters move in the same transaction, with ``F()``; every write makes the pages that show it
stale through ``forum.cache.touch``. A moderator's edit or hide of someone else's post logs
itself through ``forum.moderation.log``. Callers check the permission first.

Rows are locked in one order everywhere: the thread, then its board(s) by id, then posts, then
members. Whatever touches a thread's page takes the thread's row first, so two writers never
wait on each other in opposite orders.
"""

import math
import re
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, F, Subquery
from django.utils import timezone

from accounts.models import User
from accounts.services import add_to_counters, ban_member
from forum import permissions
from forum.boards.models import Board
from forum.cache import touch, with_new_version
from forum.follow.services import (
    content_moderated,
    post_liked,
    post_published,
    recount_alerts_about,
)
from forum.markup import render_post_body
from forum.moderation.log import Action, record
from forum.posts.indexing import new_post_search_fields
from forum.posts.likes import latest_likers, stored_likers_count
from forum.posts.models import Like, Post, PostRevision
from forum.threads.models import Thread
from forum.threads.services import hidden_fields, hide_thread, thread_slug

# A link leaving the site (links within it, from quotes and mentions, are relative).
_OUTSIDE_LINK = re.compile(r'<a\s[^>]*href="(?:[a-z][a-z0-9+.-]*:)?//', re.IGNORECASE)


class FloodControl(Exception):
    """The member posted less than ``FORUM_FLOOD_INTERVAL`` seconds ago."""

    def __init__(self, wait_seconds):
        self.wait_seconds = wait_seconds
        super().__init__(
            f"You are posting too quickly: please wait {wait_seconds} "
            f"second{'s' if wait_seconds != 1 else ''} before posting again."
        )


class EditConflict(Exception):
    """Someone saved the post after the editor opened it; ``post`` is the version they saved."""

    def __init__(self, post):
        self.post = post
        super().__init__(f"Post {post.pk} is at revision {post.revision} now.")


def find_submitted_post(*, author, token):
    """The post ``author`` already made from the form identified by ``token``, if any."""
    if token is None:
        return None
    return Post.objects.filter(author=author, submission_token=token).first()


def refuse_flood(author, *, edits=False):
    """Raise ``FloodControl`` if ``author``'s latest post (with ``edits``: latest edit) is too
    recent; lock them meanwhile.

    The member's row lock makes two posts sent at once (to different threads, from different
    app servers) take turns, so the second sees the first and waits its interval. Edits wait
    for the editor's last edit, not their last post: fixing a typo right after posting is
    what members do, a script re-saving a post hundreds of times is not.
    """
    interval = settings.FORUM_FLOOD_INTERVAL
    if interval <= 0:
        return
    list(User.objects.select_for_update().filter(pk=author.pk))
    if edits:
        latest = (
            PostRevision.objects.filter(replaced_by=author)
            .order_by("-replaced_at")
            .values_list("replaced_at", flat=True)
            .first()
        )
    else:
        latest = (
            Post.objects.filter(author=author)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
    if latest is None:
        return
    remaining = (latest + timedelta(seconds=interval) - timezone.now()).total_seconds()
    if remaining > 0:
        raise FloodControl(math.ceil(remaining))


@transaction.atomic
def reply_to_thread(*, thread, author, body, token=None, check_flood=False):
    """Add a post at the end of ``thread``, numbered one past its last, counters included.

    A ``token`` (the identity of the form sent) makes a resubmission of the same text return
    the post already made instead of a second one. ``check_flood`` refuses a post that comes
    sooner than ``FORUM_FLOOD_INTERVAL`` after the author's last, with ``FloodControl``.
    """
    # Rendering reads none of the rows locked below: done first, the locks are held shorter.
    body_html = render_post_body(body)
    # The thread's lock hands out positions one at a time; the board's lock orders its
    # latest post. created_at is read after both, so later posts always have later times.
    thread = Thread.objects.lock_with_boards(thread)
    earlier = find_submitted_post(author=author, token=token)
    if earlier is not None:
        if earlier.body == body:
            return earlier
        # The same form sent again with other words (back button, then an edit) is a new
        # post; it just cannot claim the form's identity twice.
        token = None
    if check_flood:
        refuse_flood(author)
    now = timezone.now()
    # The first post stands or falls with its thread: only replies wait for approval.
    held = thread.last_position > 0 and permissions.post_needs_approval(
        author,
        has_links=bool(_OUTSIDE_LINK.search(body_html)),
        earlier_posts=Post.objects.filter(author=author).count,
    )
    position = thread.last_position + 1
    post = Post.objects.create(
        thread=thread,
        author=author,
        position=position,
        body=body,
        body_html=body_html,
        created_at=now,
        submission_token=token,
        is_hidden=held,
        awaiting_approval=held,
        # Found by search from the start: its vector, word pairs and board are written by the
        # INSERT itself.
        **new_post_search_fields(
            body_html=body_html, position=position, title=thread.title, board_id=thread.board_id
        ),
    )
    # Each UPDATE of the thread and board rows raises their version too (``touch``): the pages
    # showing them are stale from this commit on, and no second UPDATE of the rows is needed.
    if held:
        # Hidden until approved: only its number is taken; no counter moves.
        Thread.objects.filter(pk=thread.pk).update(**with_new_version(last_position=position))
        return post
    Thread.objects.filter(pk=thread.pk).update(
        **with_new_version(
            last_position=position,
            reply_count=F("reply_count") + (1 if position > 1 else 0),
            last_post=post,
            last_post_at=now,
        )
    )
    if thread.is_hidden:
        return post
    Board.objects.filter(pk=thread.board_id).update(
        **with_new_version(post_count=F("post_count") + 1, last_post=post)
    )
    # The author's new message count shows on other threads' cached pages within
    # FORUM_PAGE_CACHE_SECONDS: touching the member for it would empty the whole page cache on
    # every reply.
    add_to_counters(author, messages=1)
    # Alerts and mails go from a task once this commits (forum.follow): never in the request.
    post_published(post=post, last=True)
    return post


@transaction.atomic
def start_thread(*, board, author, title, body, token=None, check_flood=False):
    """Create a thread in ``board`` with ``body`` as its first post; return the thread.

    ``token`` and ``check_flood`` work as in ``reply_to_thread``: the same form sent twice
    returns the thread it made the first time; a refused first post creates no thread.
    """
    # The board's lock makes two sends of one form take turns, so the second finds the first.
    Board.objects.lock(board)
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
    Thread.objects.filter(pk=thread.pk).index_titles_for_search()
    Board.objects.filter(pk=board.pk).update(thread_count=F("thread_count") + 1)
    reply_to_thread(thread=thread, author=author, body=body, token=token, check_flood=check_flood)
    thread.refresh_from_db()
    return thread


@transaction.atomic
def edit_post(*, post, by, body, expected_revision, reason="", check_flood=False):
    """Replace ``post``'s text, keeping the old text as a revision; a moderator's edit of
    someone else's post is logged.

    ``expected_revision`` is the revision the editor started from; if someone saved in the
    meantime the save is refused with ``EditConflict`` (carrying their version), never applied
    over it. Saving the same text again changes nothing. ``check_flood`` refuses an edit that
    comes sooner than ``FORUM_FLOOD_INTERVAL`` after the editor's last edit. A post
    keeps its first version and the latest ``FORUM_POST_MAX_REVISIONS - 1`` earlier ones.
    """
    thread = Thread.objects.lock(post.thread)
    current = Post.objects.select_for_update().get(pk=post.pk)
    if current.revision != expected_revision:
        raise EditConflict(Post.objects.select_related("author", "edited_by").get(pk=post.pk))
    if current.body == body:
        return current
    if check_flood:
        refuse_flood(by, edits=True)
    now = timezone.now()
    PostRevision.objects.create(
        post=current,
        number=current.revision,
        body=current.body,
        written_by_id=current.edited_by_id or current.author_id,
        written_at=current.edited_at or current.created_at,
        replaced_by=by,
        replaced_at=now,
    )
    _prune_revisions(current)
    Post.objects.filter(pk=current.pk).update(
        body=body,
        body_html=render_post_body(body),
        edited_at=now,
        edited_by=by,
        revision=F("revision") + 1,
    )
    Post.objects.filter(pk=current.pk).index_for_search()
    current.refresh_from_db()
    touch(threads=[thread])
    if permissions.is_moderation(by, current.author_id):
        record(
            by=by,
            action=Action.EDIT_POST,
            target=current,
            target_repr=post_repr(current, thread),
            reason=reason,
            old_revision=current.revision - 1,
            new_revision=current.revision,
        )
    return current


def _prune_revisions(post):
    # The first version (what was posted) is kept for good; of the others, the latest.
    keep = settings.FORUM_POST_MAX_REVISIONS
    revisions = post.revisions.exclude(number=1).order_by("-number")
    stale = list(revisions.values_list("pk", flat=True)[max(keep - 1, 0) :])
    if stale:
        PostRevision.objects.filter(pk__in=stale).delete()


def post_repr(post, thread):
    """How the moderation log names a post."""
    return f"Post #{post.position} in “{thread.title}”"


def _set_hidden(post, by, reason, *, hidden, action=None, awaiting=None):
    if post.position == 1:
        raise ValueError("The first post of a thread is hidden by hiding the thread.")
    thread = Thread.objects.lock_with_boards(post.thread)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.is_hidden == hidden or (awaiting is not None and post.awaiting_approval != awaiting):
        return False
    sign = -1 if hidden else 1
    # Shown again, a post waits for nothing more (a restore approves it).
    Post.objects.filter(pk=post.pk).update(
        is_hidden=hidden, awaiting_approval=False, **hidden_fields(by, reason, hidden)
    )
    post.is_hidden = hidden
    # Its alerts leave (or rejoin) their members' unread counts, once this commits.
    recount_alerts_about(posts=[post])
    Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + sign)
    if not thread.is_hidden:
        Board.objects.filter(pk=thread.board_id).update(post_count=F("post_count") + sign)
        User.objects.filter(pk=post.author_id).update(message_count=F("message_count") + sign)
    thread.refresh_latest()
    thread.board.refresh_latest()
    touch(threads=[thread], boards=[thread.board])
    if permissions.is_moderation(by, post.author_id):
        record(
            by=by,
            action=action or (Action.HIDE_POST if hidden else Action.RESTORE_POST),
            target=post,
            target_repr=post_repr(post, thread),
            reason=reason,
        )
        if hidden:
            content_moderated(by=by, thread=thread, post=post, action="hid")
    return True


@transaction.atomic
def hide_post(*, post, by, reason=""):
    """Hide a reply from members (counters follow); return False if it was hidden already.

    The first post is hidden only with its thread.
    """
    return _set_hidden(post, by, reason, hidden=True)


@transaction.atomic
def restore_post(*, post, by, reason=""):
    """Show a hidden reply again (counters follow); return False if it was not hidden."""
    return _set_hidden(post, by, reason, hidden=False)


@transaction.atomic
def approve_post(*, post, by, reason=""):
    """Publish a post that waited for approval (its counters move as a restore's do) and log
    it; False if it was not waiting."""
    approved = _set_hidden(
        post, by, reason, hidden=False, action=Action.APPROVE_POST, awaiting=True
    )
    if approved:
        post_published(post=Post.objects.select_related("thread", "author").get(pk=post.pk))
    return approved


@transaction.atomic
def reject_post(*, post, by, reason=""):
    """Turn down a post that waited for approval: it stays hidden, as a moderator's hide, and
    leaves the queue; logged. False if it was not waiting."""
    thread = Thread.objects.lock(post.thread)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if not post.awaiting_approval:
        return False
    Post.objects.filter(pk=post.pk).update(
        awaiting_approval=False, **hidden_fields(by, reason or "Rejected", True)
    )
    touch(threads=[thread])
    record(
        by=by,
        action=Action.REJECT_POST,
        target=post,
        target_repr=post_repr(post, thread),
        reason=reason,
    )
    return True


@transaction.atomic
def like_post(*, post, user):
    """Record ``user``'s like of ``post``; return False if they liked it already."""
    # A like changes its thread's pages: raising the thread's version first takes the thread's
    # row before the like's own rows, in the order replies, edits and hides use, so no two
    # writers wait in a ring; and likes of one thread's posts take turns from here on. A like
    # given already changes nothing (two sent at once both get here; the INSERT tells).
    given = Like.objects.filter(post_id=post.pk, user_id=user.pk)
    thread = Thread.objects.filter(pk=post.thread_id).exclude(Exists(given))
    if not thread.update(**with_new_version()):
        return False
    # The author as the row says under the thread's lock, not as ``post`` was read before it:
    # an account deleted meanwhile has passed its posts to "Deleted member" (members.py). The
    # latest likers too, and the liker's name as their row says.
    liker = User.objects.filter(pk=user.pk).values("username")
    post.author_id, likers, name = (
        Post.objects.filter(pk=post.pk)
        .annotate(liker=Subquery(liker))
        .values_list("author_id", "recent_likers", "liker")
        .get()
    )
    if not _insert_like(post, user):
        return False
    # The new like is the latest: the stored latest likers, with the liker first, are the
    # latest still (the thread's lock makes likes of the post take turns).
    likers = [[user.pk, name], *(liker for liker in likers or () if liker[0] != user.pk)]
    Post.objects.filter(pk=post.pk).update(
        like_count=F("like_count") + 1, recent_likers=likers[: stored_likers_count()]
    )
    add_to_counters(post.author, likes=1)
    post_liked(post=post, by=user)
    return True


def _insert_like(post, user):
    """Insert ``user``'s like of ``post`` unless there is one; whether it was inserted. One
    statement, where a failed INSERT would cost a savepoint around it."""
    table = Like._meta.db_table
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (post_id, user_id, created_at) VALUES (%s, %s, %s) "  # noqa: S608
            "ON CONFLICT DO NOTHING RETURNING id",
            [post.pk, user.pk, now],
        )
        return cursor.fetchone() is not None


@transaction.atomic
def unlike_post(*, post, user):
    """Take back ``user``'s like of ``post``; return False if there was none."""
    _lock_thread_of(post)
    deleted, _ = Like.objects.filter(post=post, user=user).delete()
    if not deleted:
        return False
    # The thread's lock makes likes of its posts take turns: the latest likers read here are
    # still the latest when written.
    likers = latest_likers([post.pk]).get(post.pk, [])
    Post.objects.filter(pk=post.pk).update(like_count=F("like_count") - 1, recent_likers=likers)
    # The author as the row says now, under the thread's lock, not as ``post`` was read before
    # it: an account deleted meanwhile has passed its posts to "Deleted member".
    author = Post.objects.filter(pk=post.pk).values("author_id")
    User.objects.filter(pk__in=author).update(likes_received=F("likes_received") - 1)
    touch(threads=[Thread(pk=post.thread_id)])
    return True


def _lock_thread_of(post):
    # A like raises its thread's version, so it takes the thread's row; taking it before the
    # like's own rows keeps the order replies, edits and hides use, and no two wait in a ring.
    list(Thread.objects.select_for_update().filter(pk=post.thread_id).values_list("pk"))


@transaction.atomic
def remove_spammer(*, member, by, reason="Spam"):
    """Ban ``member`` for good and hide every thread they started and every post they wrote,
    each through its own service, so every counter stays exact and each step is logged.

    Returns ``(threads hidden, posts hidden)``. Threads go first (their posts, and the replies
    other members made to spam, leave the counts with them), in id order as every writer locks
    threads, then the member's replies elsewhere.
    """
    ban_member(member=member, by=by, reason=reason)
    return hide_everything_of(member, by=by, reason=reason)


def hide_everything_of(member, *, by, reason):
    """Hide every thread ``member`` started and every post they wrote, and turn down their
    posts awaiting approval; ``(threads hidden, posts hidden)``. For spammers and for
    accounts deleted with ``FORUM_DELETED_MEMBER_POSTS = "hide"``."""
    threads = Thread.objects.filter(starter=member, is_hidden=False).order_by("pk")
    hidden_threads = sum(
        hide_thread(thread=thread, by=by, reason=reason) is not None for thread in threads
    )
    posts = (
        Post.objects.filter(author=member, is_hidden=False, thread__is_hidden=False)
        .exclude(position=1)
        .select_related("thread__board")
        .order_by("thread_id", "position")
    )
    hidden_posts = sum(hide_post(post=post, by=by, reason=reason) for post in posts)
    # Their replies still waiting for approval leave the queue, turned down.
    waiting = Post.objects.filter(author=member, awaiting_approval=True).select_related("thread")
    hidden_posts += sum(reject_post(post=post, by=by, reason=reason) for post in waiting)
    return hidden_threads, hidden_posts
