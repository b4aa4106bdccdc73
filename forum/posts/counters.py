"""What every stored counter should be, computed from the rows.

Writes keep counters right as they happen (``F()`` updates in the services); these functions
recompute them from scratch, for imports and for ``manage.py recount``. Each ``*_truth``
function annotates a queryset with the true values under names ``true_<field>``.

``recount`` walks a whole table in primary-key batches rather than in one set-based UPDATE:
each batch is one short transaction that locks only the rows it fixes, so it can run on a live
forum with millions of posts without holding a table's worth of locks or memory, and it reuses
the one definition of each truth below instead of a second one in raw SQL.

The rules: only visible posts in visible threads count for boards and members; a thread's
``last_position`` counts hidden posts too, because positions are never reused; likes received
count every like on the member's posts.
"""

from collections import Counter

from django.db import connection, transaction
from django.db.models import F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest

from accounts.models import User
from forum.boards.models import Board
from forum.cache import touch
from forum.follow.counters import unread_alert_count
from forum.posts.likes import latest_likers
from forum.posts.models import Like, Post
from forum.threads.models import Thread


class SubqueryCount(Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def _visible_posts():
    return Post.objects.filter(is_hidden=False, thread__is_hidden=False)


def thread_truth(threads):
    visible = Post.objects.filter(thread=OuterRef("pk"), is_hidden=False).order_by()
    latest = visible.order_by("-position")
    return threads.annotate(
        true_reply_count=Greatest(SubqueryCount(visible.values("pk")) - 1, 0),
        true_last_position=Coalesce(
            Subquery(
                Post.objects.filter(thread=OuterRef("pk"))
                .order_by("-position")
                .values("position")[:1]
            ),
            0,
        ),
        true_last_post_id=Subquery(latest.values("pk")[:1]),
        true_last_post_at=Coalesce(Subquery(latest.values("created_at")[:1]), F("created_at")),
    )


THREAD_COUNTERS = ["reply_count", "last_position", "last_post_id", "last_post_at"]


def board_truth(boards):
    visible = _visible_posts().filter(thread__board=OuterRef("pk")).order_by()
    return boards.annotate(
        true_thread_count=SubqueryCount(
            Thread.objects.filter(board=OuterRef("pk"), is_hidden=False).order_by().values("pk")
        ),
        true_post_count=SubqueryCount(visible.values("pk")),
        # As ``Board.refresh_latest`` finds it: the latest of its visible threads' latest posts.
        true_last_post_id=Subquery(
            Thread.objects.filter(board=OuterRef("pk"), is_hidden=False, last_post__isnull=False)
            .order_by("-last_post__created_at", "-last_post_id")
            .values("last_post_id")[:1]
        ),
    )


BOARD_COUNTERS = ["thread_count", "post_count", "last_post_id"]


def member_truth(members):
    return members.annotate(
        true_message_count=SubqueryCount(
            _visible_posts().filter(author=OuterRef("pk")).order_by().values("pk")
        ),
        true_likes_received=SubqueryCount(
            Like.objects.filter(post__author=OuterRef("pk")).order_by().values("pk")
        ),
        # The follow app's own definition, which its services keep.
        true_unread_alerts=unread_alert_count(),
    )


MEMBER_COUNTERS = ["message_count", "likes_received", "unread_alerts"]


def post_truth(posts):
    return posts.annotate(
        true_like_count=SubqueryCount(
            Like.objects.filter(post=OuterRef("pk")).order_by().values("pk")
        )
    )


POST_COUNTERS = ["like_count"]

TRUTHS = {
    Post: (post_truth, POST_COUNTERS),
    Thread: (thread_truth, THREAD_COUNTERS),
    Board: (board_truth, BOARD_COUNTERS),
    User: (member_truth, MEMBER_COUNTERS),
}


def stale_rows(queryset):
    """Rows of ``queryset`` whose stored counters differ from the truth, annotated with it."""
    truth, counters = TRUTHS[queryset.model]
    differs = Q()
    for counter in counters:
        stored, true = counter, f"true_{counter}"
        # Spelled out because SQL's NULL = NULL is not true: a link gained or lost differs too.
        differs |= Q(**{f"{stored}__isnull": False, f"{true}__isnull": False}) & ~Q(
            **{stored: F(true)}
        )
        differs |= Q(**{f"{stored}__isnull": True, f"{true}__isnull": False})
        differs |= Q(**{f"{stored}__isnull": False, f"{true}__isnull": True})
    return truth(queryset).filter(differs)


def fix_counters(queryset):
    """Set the stale counters of ``queryset`` to their true values; return the rows fixed."""
    counters = TRUTHS[queryset.model][1]
    fixed = list(stale_rows(queryset))
    for row in fixed:
        for counter in counters:
            setattr(row, counter, getattr(row, f"true_{counter}"))
    queryset.model.objects.bulk_update(fixed, counters, batch_size=1000)
    return fixed


def counter_label(model, counter):
    """``threads.reply_count``: how ``recount`` names a counter in its report."""
    return f"{model._meta.verbose_name_plural}.{counter}"


def _raise_versions(model, rows):
    """Make the pages that show the fixed rows drop their cached copies."""
    if model is Thread:
        touch(threads=rows)
    elif model is Post:
        thread_ids = {row.thread_id for row in rows}
        touch(threads=list(Thread.objects.filter(pk__in=thread_ids).only("pk")))
    elif model is Board:
        touch(boards=rows)
    elif model is User:
        touch(members=rows)


def _lock(queryset):
    # FOR NO KEY UPDATE, what an UPDATE takes itself: it waits for writers of these counters
    # but not for inserts of posts and likes that merely point at the rows.
    no_key = connection.features.has_select_for_no_key_update
    return queryset.select_for_update(no_key=no_key) if no_key else queryset.select_for_update()


def _stale_pks(queryset):
    """Like ``stale_rows``, but compared in Python: each truth is computed once per row.

    ``stale_rows`` filters on the annotations, and SQL repeats each correlated subquery in the
    WHERE clause as often as it is named there; over a whole table that costs several times over.
    """
    truth, counters = TRUTHS[queryset.model]
    values = truth(queryset).values_list(
        "pk", *counters, *(f"true_{counter}" for counter in counters)
    )
    width = len(counters)
    return [row[0] for row in values if row[1 : 1 + width] != row[1 + width :]]


def recount(model, *, batch_size=5000):
    """Set every stale counter of ``model`` to its truth; return ``{counter: rows fixed}``."""
    counters = TRUTHS[model][1]
    fixed = Counter(dict.fromkeys(counters, 0))
    last_pk = None
    while True:
        batch = model.objects.order_by("pk")
        if last_pk is not None:
            batch = batch.filter(pk__gt=last_pk)
        pks = list(batch.values_list("pk", flat=True)[:batch_size])
        if not pks:
            return dict(fixed)
        last_pk = pks[-1]
        stale = _stale_pks(model.objects.filter(pk__gte=pks[0], pk__lte=last_pk))
        if stale:
            rows, fixed_here = _fix_locked(model, stale)
            fixed.update(fixed_here)
            # After the fix commits: taking a thread's row while holding post rows would
            # deadlock with a like (thread, then post), and a reader must not cache the old
            # numbers under a new version.
            _raise_versions(model, rows)


@transaction.atomic
def _fix_locked(model, pks):
    """Lock the rows, then read their truth afresh: a writer that got there first is counted.

    Return the rows fixed and ``{counter: rows fixed}``.
    """
    counters = TRUTHS[model][1]
    list(_lock(model.objects.filter(pk__in=pks).order_by("pk")).values_list("pk"))
    rows = list(stale_rows(model.objects.filter(pk__in=pks)))
    fixed = Counter()
    for row in rows:
        for counter in counters:
            true = getattr(row, f"true_{counter}")
            if getattr(row, counter) != true:
                fixed[counter] += 1
                setattr(row, counter, true)
    model.objects.bulk_update(rows, counters, batch_size=1000)
    return rows, fixed


# ---- Latest likers ---------------------------------------------------------------------------
# ``Post.recent_likers`` is no number but is kept the same way: the like services write it,
# ``recount`` rebuilds it from the likes (after a crash, a change of FORUM_LIKERS_SHOWN, or a
# liker's new name).

LIKERS_LABEL = "posts.recent_likers"


def stale_likers(posts):
    """``{post id: true latest likers}`` of ``posts`` whose stored ``recent_likers`` differ."""
    stored = dict(posts.values_list("pk", "recent_likers"))
    truth = latest_likers(list(stored))
    return {pk: truth.get(pk, []) for pk, likers in stored.items() if likers != truth.get(pk, [])}


def recount_likers(*, batch_size=5000):
    """Rebuild every post's stale ``recent_likers``; return how many were wrong."""
    fixed = 0
    last_pk = 0
    while True:
        pks = list(
            Post.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not pks:
            return fixed
        last_pk = pks[-1]
        stale = stale_likers(Post.objects.filter(pk__gte=pks[0], pk__lte=last_pk))
        if stale:
            rows = _fix_likers_locked(list(stale))
            fixed += len(rows)
            _raise_versions(Post, rows)


@transaction.atomic
def _fix_likers_locked(pks):
    list(_lock(Post.objects.filter(pk__in=pks).order_by("pk")).values_list("pk"))
    stale = stale_likers(Post.objects.filter(pk__in=pks))
    threads = dict(Post.objects.filter(pk__in=stale).values_list("pk", "thread_id"))
    rows = [
        Post(pk=pk, thread_id=threads[pk], recent_likers=likers) for pk, likers in stale.items()
    ]
    Post.objects.bulk_update(rows, ["recent_likers"], batch_size=1000)
    return rows
