"""The seed thread, if installed before this release, takes its source's post numbers.

It was numbered 1 to 7; its source numbers 1, 3, 4, 5, 6, 7, 8 (post #2 is not in the dump).
Every post from the second on moves up by one, replies written here since included, and
quotes naming those posts (``post:N`` in the thread, ``post:N, topic:T`` elsewhere) follow.
A seed thread whose first seven posts are not the seed's, in the seed's order (merged with
another, or renumbered already), is left alone.
"""

from django.db import migrations
from django.db.models import F, Q

SEED_KEY = "xenforo1:8eed19ba3a58292b61d195398f824674f3ddf00d"
SEED_AUTHORS = ["Yusuf", "apple", "anoop_mig25", "pmaitra", "SADAKHUSH", "tarunraju", "Alien"]
LIFT = 1_000_000


def renumber_seed_thread(apps, schema_editor):
    # The markup's own quote rewriting and rendering, as rerender_posts uses: the HTML must be
    # what the forum renders today.
    from forum.markup import render_post_body, renumber_quotes

    Thread = apps.get_model("threads", "Thread")
    Post = apps.get_model("posts", "Post")
    thread = Thread.objects.filter(source_key=SEED_KEY).first()
    if thread is None:
        return
    first_seven = list(
        Post.objects.filter(thread=thread, position__lte=7)
        .order_by("position")
        .values_list("position", "author__username")
    )
    if first_seven != list(enumerate(SEED_AUTHORS, start=1)):
        return
    # (thread, position) is unique at every row written: lift, then drop into place.
    moving = Post.objects.filter(thread=thread, position__gte=2)
    moving.update(position=F("position") + LIFT)
    Post.objects.filter(thread=thread, position__gte=LIFT).update(position=F("position") - LIFT + 1)
    Thread.objects.filter(pk=thread.pk).update(
        last_position=F("last_position") + 1, version=F("version") + 1
    )

    quoting = Post.objects.filter(
        Q(thread=thread, body__icontains="post:") | Q(body__icontains=f"topic:{thread.pk}")
    ).select_related("thread")
    touched = set()
    for post in quoting:
        same_thread = post.thread_id == thread.pk

        def renumber(number, topic, same_thread=same_thread):
            names_seed = topic == thread.pk or (topic is None and same_thread)
            if not names_seed or number < 2:
                return None
            return number + 1, topic

        body = renumber_quotes(post.body, renumber)
        if body == post.body:
            continue
        mentions = not (post.thread.source_key and post.edited_by_id is None)
        post.body, post.body_html = body, render_post_body(body, mentions=mentions)
        post.save(update_fields=["body", "body_html"])
        touched.add(post.thread_id)
    Thread.objects.filter(pk__in=touched - {thread.pk}).update(version=F("version") + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("importer", "0001_imported_members_hold_no_role"),
        ("posts", "0004_post_time_is_known"),
        ("threads", "0002_thread_merge_permission_and_redirects"),
    ]

    operations = [migrations.RunPython(renumber_seed_thread, migrations.RunPython.noop)]
