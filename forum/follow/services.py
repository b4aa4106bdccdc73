"""The follow app's writes: read markers, watches, alerts, preferences.

The services of the apps above (posts, threads) call ``post_published``, ``post_liked`` and
``content_moderated`` in the transaction of their own write. Those only record what concerns one
or two members at once; telling every watcher of a thread, or a post's author of a like, is a
task (``forum.follow.tasks``),
enqueued with the write's own transaction (``forum.follow.queue``), so a rolled-back reply tells
nobody, a crash after the commit loses nothing, and the request never waits on a fan-out.

Each member's number of unread alerts that still show is stored on their row
(``User.unread_alerts``, the header's count): every write that makes or reads alerts recounts it
for the members concerned (``forum.follow.counters``) in its own transaction; one that hides,
shows or deletes what alerts are about, right after it commits.
"""

from functools import partial

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from forum.follow.counters import recount_unread_alerts
from forum.follow.models import (
    ANSWERED_BY_READING,
    Alert,
    BoardRead,
    BoardWatch,
    FollowedMember,
    Kind,
    Preferences,
    ReadState,
    ThreadRead,
    ThreadWatch,
)
from forum.follow.queue import enqueue_with_transaction
from forum.follow.tasks import alert_like, alert_post


def _recount_reader(user):
    # The member reading: the page being made for them shows their new count.
    recount_unread_alerts([user.pk])
    user.refresh_from_db(fields=["unread_alerts"])


def _recount_after_commit(member_ids):
    # Their rows are locked in a transaction of their own, once the write commits: taken inside
    # a moderator's write, which holds its authors' rows already, they could be taken in an
    # order that another such write takes the other way round, and each would wait on the other.
    member_ids = list(member_ids)
    if member_ids:
        # Robust: the write has committed; a count left wrong is put right by the member's next
        # alert, reading or `recount`.
        transaction.on_commit(partial(recount_unread_alerts, member_ids), robust=True)


def recount_alerts_about(*, threads=(), posts=()):
    """Recount, once the write commits, the members with an unread alert about ``threads`` or
    ``posts``: after those were hidden or shown again."""
    about = Q(thread__in=[thread.pk for thread in threads]) | Q(
        post__in=[post.pk for post in posts]
    )
    members = Alert.objects.filter(about, read_at__isnull=True).values_list("user_id", flat=True)
    _recount_after_commit(members.distinct())


def delete_alerts_about(*, threads):
    """Delete the alerts about ``threads`` (which are being deleted), and recount their
    members' unread alerts once the deletion commits."""
    alerts = Alert.objects.filter(thread__in=[thread.pk for thread in threads])
    members = set(alerts.filter(read_at__isnull=True).values_list("user_id", flat=True))
    alerts.delete()
    _recount_after_commit(members)


def mark_thread_read(*, user, thread, position, last=False):
    """Record that ``user`` has read ``thread`` up to post ``position``; a marker only moves
    forward. Alerts into the posts now read are read too.

    A ``thread`` read with ``reading_of``'s annotations (forum.follow.unread) tells what is
    there already: nothing is written when ``position`` is not past the marker it found, and
    alerts are looked for only when one was waiting in it. Otherwise one query when nothing
    moved.

    ``last``: ``position`` is the thread's last post, and no later one can come meanwhile (the
    author of a reply, under the thread's lock): every alert into the thread is answered, with
    no post's position to read (an UPDATE without a join, which PostgreSQL plans faster).
    """
    read_to = getattr(thread, "read_position", None)
    if read_to is not None and position <= read_to:
        return False
    now = timezone.now()
    table = ThreadRead._meta.db_table
    # One statement that never lowers the marker, without a race between two tabs.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (user_id, thread_id, position, read_at) "  # noqa: S608
            "VALUES (%s, %s, %s, %s) ON CONFLICT (user_id, thread_id) DO UPDATE "
            "SET position = excluded.position, read_at = excluded.read_at "
            f"WHERE {table}.position < excluded.position RETURNING position",
            [user.pk, thread.pk, position, now],
        )
        moved = cursor.fetchone() is not None
    if moved and getattr(thread, "alerts_waiting", True):
        answered = Alert.objects.filter(
            user=user, thread=thread, read_at__isnull=True, kind__in=ANSWERED_BY_READING
        )
        if not last:
            answered = answered.filter(post__position__lte=position)
        if answered.update(read_at=now):
            _recount_reader(user)
    return moved


@transaction.atomic
def mark_board_read(*, user, board):
    """Everything posted in ``board`` until now counts as read by ``user``."""
    BoardRead.objects.update_or_create(
        user=user, board=board, defaults={"read_before": timezone.now()}
    )


@transaction.atomic
def mark_all_read(*, user):
    """Everything posted until now counts as read by ``user``; the markers and board times it
    supersedes go, so a member's rows stay few."""
    ReadState.objects.update_or_create(user=user, defaults={"all_read_before": timezone.now()})
    BoardRead.objects.filter(user=user).delete()
    ThreadRead.objects.filter(user=user).delete()


def watch_thread(*, user, thread):
    """``user`` hears of ``thread``'s replies from now on (watching twice is watching once)."""
    ThreadWatch.objects.bulk_create([ThreadWatch(user=user, thread=thread)], ignore_conflicts=True)


def watch_own_thread(*, user, thread):
    """``user`` watches ``thread``, which they started or replied to, unless their preferences
    say not to (``watch_own_threads``, on for members without preferences): one statement that
    reads the preference and writes the watch."""
    watches, preferences = ThreadWatch._meta.db_table, Preferences._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {watches} (user_id, thread_id, created_at) "  # noqa: S608
            f"SELECT %s, %s, %s WHERE NOT EXISTS (SELECT 1 FROM {preferences} "
            "WHERE user_id = %s AND NOT watch_own_threads) ON CONFLICT DO NOTHING",
            [
                user.pk,
                thread.pk,
                connection.ops.adapt_datetimefield_value(timezone.now()),
                user.pk,
            ],
        )


def unwatch_thread(*, user, thread):
    ThreadWatch.objects.filter(user=user, thread=thread).delete()


def unwatch_all_threads(*, user):
    """``user`` watches no thread any more (those they can no longer read too)."""
    ThreadWatch.objects.filter(user=user).delete()


def watch_board(*, user, board):
    """``user`` hears of ``board``'s new threads from now on."""
    BoardWatch.objects.bulk_create([BoardWatch(user=user, board=board)], ignore_conflicts=True)


def unwatch_board(*, user, board):
    BoardWatch.objects.filter(user=user, board=board).delete()


class CannotFollowOneself(ValueError):
    pass


def follow_member(*, by, member):
    """``by`` follows ``member`` from now on (following twice is following once)."""
    if by.pk == member.pk:
        raise CannotFollowOneself("You cannot follow yourself.")
    FollowedMember.objects.bulk_create(
        [FollowedMember(follower=by, followed=member)], ignore_conflicts=True
    )


def unfollow_member(*, by, member):
    FollowedMember.objects.filter(follower=by, followed=member).delete()


def save_preferences(*, preferences):
    preferences.save()


def post_published(*, post, last=False):
    """A post became visible (posted, or approved): its author has read it and, by their
    preference, watches its thread; everyone it concerns hears of it once the write commits.
    ``last``: it is its thread's last post, under the thread's lock (a reply, not an approval
    of an older one), so the author has read the whole thread (``mark_thread_read``)."""
    author = post.author
    watch_own_thread(user=author, thread=post.thread)
    mark_thread_read(user=author, thread=post.thread, position=post.position, last=last)
    enqueue_with_transaction(alert_post, post.pk)


def post_liked(*, post, by):
    """Tell ``post``'s author that ``by`` liked it, from a task once the like commits
    (``forum.follow.tasks.alert_like``), never in the request."""
    enqueue_with_transaction(alert_like, post.pk, by.pk)


def content_moderated(*, by, thread, action, post=None):
    """Tell the author of ``post`` (or the starter of ``thread``) that a moderator ``action``-ed
    it ("hid", "moved", "locked"); a moderator acting on their own content is not told."""
    author = post.author if post is not None else thread.starter
    if author is None or author.pk == by.pk:
        return None
    if not author.is_active or author.is_currently_banned:
        return None
    if not Preferences.for_member(author).alert_moderation:
        return None
    alert = Alert.objects.create(
        user=author, kind=Kind.MODERATION, thread=thread, post=post, actor=by, action=action
    )
    recount_unread_alerts([author.pk])
    return alert


@transaction.atomic
def open_alert(*, alert):
    """Mark ``alert`` read (opening it)."""
    if alert.read_at is None:
        alert.read_at = timezone.now()
        if Alert.objects.filter(pk=alert.pk, read_at__isnull=True).update(read_at=alert.read_at):
            recount_unread_alerts([alert.user_id])


@transaction.atomic
def mark_alerts_read(*, user):
    """Every alert of ``user`` is read."""
    read = Alert.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    if read:
        recount_unread_alerts([user.pk])
    return read


def unsubscribe(*, user, kind):
    """Stop the mails of ``kind`` to ``user`` (their one-click unsubscribe)."""
    preferences = Preferences.for_member(user)
    setattr(preferences, f"email_{kind}", False)
    preferences.save()
