"""Background work: telling every member a post concerns, and mailing those who asked.

Run by ``manage.py db_worker`` in production (the database backend), at once in development and
tests. A post's watchers are handled ``FORUM_FANOUT_CHUNK`` at a time, each chunk its own task
and its own short transaction, so 10,000 watchers never hold a transaction (or a worker) for
long, and a worker stopped midway leaves the rest queued. Mails are sent after their alerts
commit; one that fails is tried again later, with growing waits, and recorded in
``MailFailure`` when it never goes.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from forum.follow.counters import recount_unread_alerts
from forum.follow.mail import alert_message
from forum.follow.models import Alert, BoardWatch, Kind, MailFailure, Preferences, ThreadWatch
from forum.follow.queue import enqueue_with_transaction, retry_of
from forum.follow.recipients import may_alert, named_in, preferences_of

logger = logging.getLogger(__name__)


def _published_post(post_id):
    """The post, if it is still there for members to read (no alert for one hidden since)."""
    # The posts app sits above this one: its rows are reached through our own relation.
    posts = Alert.post.field.related_model.objects
    post = posts.select_related("thread__board", "author").filter(pk=post_id).first()
    if post is None or post.is_hidden or post.thread.is_hidden:
        return None
    return post


def _lock_thread_first(thread_id):
    """Take ``thread_id``'s row (FOR KEY SHARE, which the alerts' foreign keys take anyway)
    before the posts' and members' rows that new alerts point at.

    Every writer locks a thread before its posts (a reply, a merge renumbering posts): alerts
    inserted without this would key-share a post first and wait on the thread after, and a
    merge in between makes a deadlock. KEY SHARE does not wait on replies' counter updates.
    """
    if connection.vendor != "postgresql":
        # SQLite has no row locks to order: one writer holds the whole database at a time.
        return
    table = Alert.thread.field.related_model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR KEY SHARE", [thread_id])


def _enqueue_mails(alerts):
    ids = [alert.pk for alert in alerts if preferences_of(alert.user).mails(alert.kind)]
    if ids:
        enqueue_with_transaction(send_alert_mails, ids)


@task()
def alert_post(post_id):
    """Alert the members ``post_id`` quotes or mentions, then start on its watchers."""
    post = _published_post(post_id)
    if post is None:
        return
    named = named_in(post)
    members = get_user_model().objects.select_related("follow_preferences")
    alerts = []
    for member in members.filter(pk__in=named):
        kind = named[member.pk]
        if may_alert(member, post=post, by=post.author) and preferences_of(member).alerts(kind):
            alerts.append(
                Alert(user=member, kind=kind, thread=post.thread, post=post, actor=post.author)
            )
    with transaction.atomic():
        _lock_thread_first(post.thread_id)
        Alert.objects.bulk_create(alerts)
        recount_unread_alerts(alert.user_id for alert in alerts)
        _enqueue_mails(alerts)
    alert_watchers.enqueue(post_id, "thread", 0)
    if post.position == 1:
        alert_watchers.enqueue(post_id, "board", 0)


@task()
def alert_watchers(post_id, audience, after):
    """Alert the next chunk of the watchers (of the thread, or for a new thread of the board)
    of ``post_id`` whose id is above ``after``; enqueue the chunk after it."""
    post = _published_post(post_id)
    if post is None:
        return
    if audience == "thread":
        kind = Kind.REPLY
        watches = ThreadWatch.objects.filter(thread_id=post.thread_id)
        # One reply alert per thread until the member reads it.
        waiting = Q(thread_id=post.thread_id, kind=kind, read_at__isnull=True)
    else:
        kind = Kind.THREAD
        watches = BoardWatch.objects.filter(board_id=post.thread.board_id)
        waiting = Q(pk__in=[])
    already = Alert.objects.filter(Q(post_id=post.pk) | waiting, user=OuterRef("user_id"))
    chunk = list(
        watches.filter(user_id__gt=after)
        .exclude(Exists(already))
        .select_related("user__follow_preferences")
        .order_by("user_id")[: settings.FORUM_FANOUT_CHUNK]
    )
    alerts = [
        Alert(user=watch.user, kind=kind, thread=post.thread, post=post, actor=post.author)
        for watch in chunk
        if may_alert(watch.user, post=post, by=post.author)
        and preferences_of(watch.user).alerts(kind)
    ]
    with transaction.atomic():
        _lock_thread_first(post.thread_id)
        Alert.objects.bulk_create(alerts)
        recount_unread_alerts(alert.user_id for alert in alerts)
        _enqueue_mails(alerts)
    if len(chunk) == settings.FORUM_FANOUT_CHUNK:
        alert_watchers.enqueue(post_id, audience, chunk[-1].user_id)


def _lock_thread(thread_id):
    """Take ``thread_id``'s row FOR UPDATE, as the like service does: the like alerts of its
    posts are written one at a time, so two likes at once make one alert between them."""
    if connection.vendor != "postgresql":
        return
    table = Alert.thread.field.related_model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR UPDATE", [thread_id])


@task()
def alert_like(post_id, by_id):
    """Tell the author of ``post_id`` that member ``by_id`` liked it: one unread alert per post
    gathers every like until the author reads it ("A, B and 3 others liked your post")."""
    post = _published_post(post_id)
    by = get_user_model().objects.filter(pk=by_id).first()
    if post is None or by is None:
        return
    author = post.author
    if not may_alert(author, post=post, by=by):
        return
    if not Preferences.for_member(author).alert_like:
        return
    with transaction.atomic():
        _lock_thread(post.thread_id)
        # Taken back before the worker came to it: nothing to tell.
        if not post.likes.filter(user_id=by_id).exists():
            return
        alert = (
            Alert.objects.select_for_update()
            .filter(user=author, post=post, kind=Kind.LIKE, read_at__isnull=True)
            .first()
        )
        if alert is None:
            Alert.objects.create(
                user=author, kind=Kind.LIKE, thread_id=post.thread_id, post=post, actor=by
            )
            recount_unread_alerts([author.pk])
        elif alert.actor_id != by.pk:
            Alert.objects.filter(pk=alert.pk).update(
                other_actor=F("actor"),
                actor=by,
                actor_count=F("actor_count") + 1,
                created_at=timezone.now(),
            )


@task()
def send_alert_mails(alert_ids, attempt=1):
    """Mail the alerts ``alert_ids`` still unread; those that fail go again later, and are
    recorded once ``FORUM_MAIL_ATTEMPTS`` tries have failed."""
    alerts = list(
        Alert.objects.filter(pk__in=alert_ids, read_at__isnull=True)
        # Nothing about a post or thread hidden since the alert was made.
        .filter(thread__is_hidden=False, post__is_hidden=False)
        .exclude(user__email="")
        .select_related("user", "thread", "post", "actor", "other_actor")
        .order_by("pk")
    )
    failed = {}
    try:
        with get_connection() as connection:
            for alert in alerts:
                try:
                    connection.send_messages([alert_message(alert)])
                except Exception as error:  # noqa: BLE001 (any failure is retried, never lost)
                    failed[alert] = error
    except Exception as error:  # noqa: BLE001 (the server could not be reached at all)
        failed = dict.fromkeys(alerts, error)
    if not failed:
        return
    retry = retry_of(send_alert_mails, attempt)
    if retry is not None:
        retry.enqueue([alert.pk for alert in failed], attempt + 1)
        return
    for alert, error in failed.items():
        logger.error("Alert mail %s to member %s failed: %s", alert.pk, alert.user_id, error)
    MailFailure.objects.bulk_create(
        MailFailure(
            alert=alert,
            recipient=alert.user.email,
            subject=f"{alert.get_kind_display()}: {alert.thread.title}"[:300],
            error=repr(error),
            attempts=attempt,
        )
        for alert, error in failed.items()
    )
