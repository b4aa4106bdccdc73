from django.core.management.base import BaseCommand
from django.db import connection, transaction

from forum.cache import touch
from forum.markup import members_by_name, render_post_body
from forum.posts.models import Post
from forum.threads.models import Thread


class _MemberNames:
    """Mention lookups for a whole run: names already seen are answered without a query.

    ``render`` asks it; names it has not seen yet are noted and answered "no member" for now,
    and ``resolve`` then looks all of them up at once, so a batch costs one query, not one per
    post. Posts rendered while names were pending are rendered again after ``resolve``.
    """

    def __init__(self):
        self.known = {}
        self.pending = set()

    def __call__(self, names):
        self.pending.update(name for name in names if name not in self.known)
        return {name: self.known[name] for name in names if self.known.get(name)}

    def resolve(self):
        names = sorted(self.pending)
        self.pending.clear()
        if len(self.known) > 100_000:
            self.known.clear()
        for start in range(0, len(names), 500):
            chunk = names[start : start + 500]
            found = members_by_name(chunk)
            self.known.update({name: found.get(name) for name in chunk})


def _render(post, names):
    # Imported text keeps mentions as text, as the importer wrote it; once edited here, the
    # words are this forum's and mention its members, as edit_post renders them.
    if post.thread.source_key and post.edited_by_id is None:
        return render_post_body(post.body, mentions=False)
    return render_post_body(post.body, mentions=names)


@transaction.atomic
def rerender_batch(pks, names):
    """Render the posts ``pks`` again under a row lock; return the ids of their changed threads.

    The lock makes an edit saved meanwhile wait, so it is never overwritten with HTML made
    from the body it replaced.
    """
    posts = Post.objects.filter(pk__in=pks).select_related("thread").order_by("pk")
    if connection.features.has_select_for_update_of:
        # NO KEY UPDATE, as an UPDATE takes: likes of these posts (which point at them) go on.
        no_key = connection.features.has_select_for_no_key_update
        posts = posts.select_for_update(of=("self",), no_key=no_key)
    posts = list(posts.only("pk", "body", "body_html", "edited_by", "thread__source_key"))
    rendered = {post.pk: _render(post, names) for post in posts}
    if names.pending:
        names.resolve()
        rendered = {post.pk: _render(post, names) for post in posts}
    changed = [post for post in posts if post.body_html != rendered[post.pk]]
    for post in changed:
        post.body_html = rendered[post.pk]
    Post.objects.bulk_update(changed, ["body_html"], batch_size=500)
    Post.objects.filter(pk__in=[post.pk for post in changed]).index_for_search()
    return {post.thread_id for post in changed}, len(changed)


class Command(BaseCommand):
    help = "Render every post's stored HTML again from its source with the current markup rules."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="posts per transaction")

    def handle(self, *args, batch_size, **options):
        names = _MemberNames()
        seen = changed = 0
        pks = Post.objects.order_by("pk").values_list("pk", flat=True).iterator(batch_size)
        for batch in _batches(pks, batch_size):
            thread_ids, count = rerender_batch(batch, names)
            # After the batch commits, so no reader caches the old HTML under a new version.
            touch(threads=list(Thread.objects.filter(pk__in=thread_ids).only("pk")))
            seen += len(batch)
            changed += count
        self.stdout.write(self.style.SUCCESS(f"Re-rendered {seen} posts: {changed} changed."))


def _batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
