"""Which threads a member has unread, as expressions over thread rows: no query of its own.

A thread is unread when its latest visible post is newer than the member's "all read before"
(their join date until they mark all read) and than their "read before" of its board, and
their read marker on it (if any) is below that post's number. The apps that list threads
(boards, threads) annotate their own querysets with these.
"""

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from forum.expressions import OfRow
from forum.follow.models import (
    ANSWERED_BY_READING,
    Alert,
    BoardRead,
    BoardWatch,
    ReadState,
    ThreadRead,
    ThreadWatch,
)


def read_before(user, board="board_id"):
    """The time before which everything in a thread's board counts as read by ``user``
    (``board`` names the thread's board column from where the expression is used)."""
    member = Coalesce(
        Subquery(ReadState.objects.filter(user=user.pk).values("all_read_before")[:1]),
        Value(user.date_joined),
    )
    of_board = Subquery(
        BoardRead.objects.filter(user=user.pk, board=OuterRef(board)).values("read_before")[:1]
    )
    return Greatest(member, Coalesce(of_board, member))


def unread_threads(user):
    """A ``Q`` over thread rows: those with a visible post ``user`` has not read."""
    read_to_the_end = Exists(
        ThreadRead.objects.filter(
            user=user.pk, thread=OuterRef("pk"), position__gte=OuterRef("last_post__position")
        )
    )
    return Q(last_post_at__gt=read_before(user)) & ~Q(read_to_the_end)


def is_unread(user):
    """An annotation: whether a thread row is unread by ``user`` (always False for visitors)."""
    if not user.is_authenticated:
        return Value(False)
    return ExpressionWrapper(unread_threads(user), output_field=BooleanField())


def reading_of(user):
    """Annotations for thread rows, read with the thread for ``user``'s page of it (no query
    of their own): ``watching``, ``read_position`` (their marker, None without one) and
    ``alerts_waiting`` (an unread alert of theirs in it that reading answers), which
    ``mark_thread_read`` takes to write nothing when nothing moves."""
    kinds = ", ".join(["%s"] * len(ANSWERED_BY_READING))
    return {
        "watching": OfRow(
            "EXISTS (SELECT 1 FROM {table} WHERE thread_id = {row} AND user_id = %s)",
            model=ThreadWatch,
            params=[user.pk],
            output_field=BooleanField(),
        ),
        "read_position": OfRow(
            "(SELECT position FROM {table} WHERE user_id = %s AND thread_id = {row})",
            model=ThreadRead,
            params=[user.pk],
            output_field=IntegerField(),
        ),
        # As the partial index alert_member_unread finds them.
        "alerts_waiting": OfRow(
            "EXISTS (SELECT 1 FROM {table} WHERE user_id = %s AND thread_id = {row} "
            f"AND read_at IS NULL AND kind IN ({kinds}))",
            model=Alert,
            params=[user.pk, *(kind.value for kind in ANSWERED_BY_READING)],
            output_field=BooleanField(),
        ),
    }


def watching_board(user):
    """An annotation for board rows: whether ``user`` watches the board."""
    return OfRow(
        "EXISTS (SELECT 1 FROM {table} WHERE board_id = {row} AND user_id = %s)",
        model=BoardWatch,
        params=[user.pk],
        output_field=BooleanField(),
    )


def first_unread_position(user, thread):
    """The number of the first post of ``thread`` that ``user`` has not read (its latest post
    when they have read them all)."""
    read_to = (
        ThreadRead.objects.filter(user=user, thread=thread)
        .values_list("position", flat=True)
        .first()
    )
    before = (
        type(thread)
        .objects.filter(pk=thread.pk)
        .annotate(read_before=read_before(user))
        .values_list("read_before", flat=True)
        .get()
    )
    unread = thread.posts.filter(is_hidden=False, created_at__gt=before)
    if read_to is not None:
        unread = unread.filter(position__gt=read_to)
    first = unread.order_by("position").values_list("position", flat=True).first()
    if first is not None:
        return first
    latest = (
        thread.posts.filter(is_hidden=False)
        .order_by("-position")
        .values_list("position", flat=True)
    )
    return latest.first() or 1
