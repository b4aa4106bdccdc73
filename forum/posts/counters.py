"""What every stored counter should be, computed from the rows.

Writes keep counters right as they happen (``F()`` updates in the services); these functions
recompute them from scratch, for imports and for ``manage.py recount``. Each ``*_truth``
function annotates a queryset with the true values under names ``true_<field>``.

The rules: only visible posts in visible threads count for boards and members; a thread's
``last_position`` counts hidden posts too, because positions are never reused; likes received
count every like on the member's posts.
"""

from django.db.models import F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest

from accounts.models import User
from forum.boards.models import Board
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
        true_last_post_id=Subquery(visible.order_by("-created_at", "-pk").values("pk")[:1]),
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
    )


MEMBER_COUNTERS = ["message_count", "likes_received"]


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
