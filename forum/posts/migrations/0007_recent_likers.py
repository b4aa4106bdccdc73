from django.conf import settings
from django.db import migrations, models
from django.db.models import F, Window
from django.db.models.functions import RowNumber

BATCH = 5000


def fill_recent_likers(apps, schema_editor):
    """Every liked post's latest likers, newest first, as the like service writes them."""
    Post = apps.get_model("posts", "Post")
    Like = apps.get_model("posts", "Like")
    kept = settings.FORUM_LIKERS_SHOWN + 1
    liked = Post.objects.filter(like_count__gt=0).order_by("pk").values_list("pk", flat=True)
    last = 0
    while True:
        ids = list(liked.filter(pk__gt=last)[:BATCH])
        if not ids:
            return
        last = ids[-1]
        ranked = Like.objects.filter(post_id__in=ids).annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("post_id")],
                order_by=[F("created_at").desc(), F("id").desc()],
            )
        )
        latest = {}
        rows = ranked.filter(rank__lte=kept).order_by("post_id", "rank")
        for post_id, user_id, username in rows.values_list("post_id", "user_id", "user__username"):
            latest.setdefault(post_id, []).append([user_id, username])
        posts = [Post(pk=pk, recent_likers=likers) for pk, likers in latest.items()]
        Post.objects.bulk_update(posts, ["recent_likers"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0006_awaiting_approval"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="recent_likers",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(fill_recent_likers, migrations.RunPython.noop, elidable=True),
    ]
