"""Fill each member's new stored count of unread alerts (``User.unread_alerts``) from their
alerts, as ``forum.follow.counters.unread_alert_count`` counts them."""

from django.conf import settings
from django.db import migrations
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce


def fill(apps, schema_editor):
    Alert = apps.get_model("follow", "Alert")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    shown = Q(kind="moderation") | Q(thread__is_hidden=False) & (
        Q(post__isnull=True) | Q(post__is_hidden=False)
    )
    unread = (
        Alert.objects.filter(shown, user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    User.objects.filter(pk__in=Alert.objects.filter(read_at__isnull=True).values("user")).update(
        unread_alerts=Coalesce(Subquery(unread), Value(0))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("follow", "0002_followed_member"),
        ("accounts", "0013_member_unread_alerts"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
