import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max, Min
from tqdm import tqdm

from forum.posts.indexing import index_in_batches, stores_vectors
from forum.posts.models import Post
from forum.threads.models import Thread


class Command(BaseCommand):
    help = (
        "Store the search vectors of every post and thread title again (after an upgrade, a "
        "change of FORUM_SEARCH_CONFIG or a bulk load), in batches of posts, one short "
        "transaction each, so the forum stays up meanwhile. PostgreSQL only: elsewhere search "
        "reads the text and stores nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000, help="posts per UPDATE")
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (for logs)."
        )

    def handle(self, *args, batch_size, no_progress, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if not stores_vectors():
            self.stdout.write("This database stores no search vectors; nothing to do.")
            return
        started = time.monotonic()
        threads = Thread.objects.all().index_titles_for_search()
        posts = Post.objects.all()
        bounds = posts.aggregate(first=Min("pk"), last=Max("pk"))
        ids = bounds["last"] - bounds["first"] + 1 if bounds["first"] is not None else 0
        with tqdm(
            total=ids,
            unit=" ids",
            desc="posts",
            file=self.stderr._out,
            disable=no_progress,
            unit_scale=True,
        ) as bar:
            done = index_in_batches(posts, batch_size=batch_size, advance=bar.update)
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {done:,} posts and {threads:,} thread titles in "
                f"{time.monotonic() - started:.1f}s."
            )
        )
