"""The members' stored count of unread alerts (``User.unread_alerts``, the header's count).

The follow app's writes (``forum.follow.services``, ``forum.follow.tasks``) recount it for the
members an alert write concerns, in the same transaction; ``manage.py recount`` checks every
member against the same truth (``forum.posts.counters``).
"""

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from forum.follow.models import Alert


def unread_alert_count(member="pk"):
    """An expression over member rows (``member`` names their id): how many of their alerts
    are unread and still show. What ``User.unread_alerts`` stores."""
    alerts = (
        Alert.objects.shown()
        .unread()
        .filter(user=OuterRef(member))
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(alerts), Value(0))


def recount_unread_alerts(member_ids):
    """Store on each of ``member_ids`` how many of their alerts are unread and still show.

    The rows are locked first (in id order) and counted by the next statement, which so sees
    every alert that a writer holding them made or read: counted in the UPDATE alone, a count
    that waited for such a writer would be taken from before it committed (PostgreSQL's READ
    COMMITTED), and miss its alerts.
    """
    ids = sorted(set(member_ids))
    if not ids:
        return
    members = get_user_model().objects.filter(pk__in=ids)
    with transaction.atomic(savepoint=False):
        if connection.features.has_select_for_update:
            no_key = connection.features.has_select_for_no_key_update
            list(members.select_for_update(no_key=no_key).order_by("pk").values_list("pk"))
        members.update(unread_alerts=unread_alert_count())
