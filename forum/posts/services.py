"""Writes that change posts and likes. Counters move in the same transaction, with ``F()``."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from accounts.services import promote_if_eligible
from forum.boards.models import Board
from forum.posts.markup import render_post_body
from forum.posts.models import Like, Post
from forum.threads.models import Thread
from forum.threads.services import lock_thread_rows, refresh_latest


@transaction.atomic
def reply_to_thread(*, thread, author, body):
    """Add a post at the end of ``thread``, numbered one past its last, counters included."""
    # The thread's lock hands out positions one at a time; the board's lock orders its
    # latest post. created_at is read after both, so later posts always have later times.
    thread = lock_thread_rows(thread)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread,
        author=author,
        position=thread.last_position + 1,
        body=body,
        body_html=render_post_body(body),
        created_at=now,
    )
    Thread.objects.filter(pk=thread.pk).update(
        last_position=post.position,
        reply_count=F("reply_count") + (1 if post.position > 1 else 0),
        last_post=post,
        last_post_at=now,
        version=F("version") + 1,
    )
    if not thread.is_hidden:
        Board.objects.filter(pk=thread.board_id).update(
            post_count=F("post_count") + 1, last_post=post, version=F("version") + 1
        )
        User.objects.filter(pk=author.pk).update(message_count=F("message_count") + 1)
        promote_if_eligible(author)
    return post


@transaction.atomic
def set_post_hidden(*, post, hidden):
    """Hide or restore a reply; the first post is hidden only with its thread."""
    if post.position == 1:
        raise ValueError("The first post of a thread is hidden by hiding the thread.")
    thread = lock_thread_rows(post.thread)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.is_hidden == hidden:
        return post
    sign = -1 if hidden else 1
    Post.objects.filter(pk=post.pk).update(is_hidden=hidden)
    Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + sign)
    if not thread.is_hidden:
        Board.objects.filter(pk=thread.board_id).update(post_count=F("post_count") + sign)
        User.objects.filter(pk=post.author_id).update(message_count=F("message_count") + sign)
    refresh_latest(threads=[thread], boards=[thread.board])
    post.refresh_from_db()
    return post


@transaction.atomic
def like_post(*, post, user):
    """Record ``user``'s like of ``post``; return False if they liked it already."""
    try:
        with transaction.atomic():
            Like.objects.create(post=post, user=user)
    except IntegrityError:
        return False
    _count_like(post, 1)
    promote_if_eligible(post.author)
    return True


@transaction.atomic
def unlike_post(*, post, user):
    """Take back ``user``'s like of ``post``; return False if there was none."""
    deleted, _ = Like.objects.filter(post=post, user=user).delete()
    if not deleted:
        return False
    _count_like(post, -1)
    return True


def _count_like(post, sign):
    Post.objects.filter(pk=post.pk).update(like_count=F("like_count") + sign)
    User.objects.filter(pk=post.author_id).update(likes_received=F("likes_received") + sign)
    Thread.objects.filter(pk=post.thread_id).update(version=F("version") + 1)
