from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.models import User
from forum.generator.presets import PRESETS
from forum.generator.writer import forum_is_empty, generate, wipe_forum
from forum.threads.models import Thread


class Command(BaseCommand):
    help = (
        "Fill the database with a generated forum: members with roles, categories and boards, "
        "threads, Markdown posts rendered by the forum's own pipeline, likes, and every counter "
        "right. Presets: "
        + "; ".join(f"'{name}': {preset.description}" for name, preset in PRESETS.items())
        + " The same seed always gives the same forum. A database that already holds members "
        "is left alone unless --force is given, which deletes them and all forum content first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--preset", choices=sorted(PRESETS), default="bench")
        parser.add_argument(
            "--seed", type=int, default=1, help="Same seed, same forum (default 1)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Delete every member, board, thread, post and like in the database first.",
        )

    def handle(self, *args, preset, seed, force, **options):
        plan = PRESETS[preset](seed=seed)
        if plan.needs_postgresql and connection.vendor != "postgresql":
            raise CommandError(f"The '{preset}' preset needs PostgreSQL (set DATABASE_URL).")
        if not forum_is_empty():
            if not force:
                raise CommandError(
                    f"This database already holds {User.objects.count():,} members and "
                    f"{Thread.objects.count():,} threads. generate_forum replaces everything; "
                    "run it again with --force to delete them first."
                )
            self.stderr.write("Deleting every member, board, thread, post and like (--force).")
            wipe_forum()
        summary = generate(plan, progress_stream=self.stderr._out)
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated the '{preset}' forum (seed {seed}): {summary.members:,} members, "
                f"{summary.boards:,} boards, {summary.threads:,} threads, {summary.posts:,} posts, "
                f"{summary.likes:,} likes in {summary.seconds:.1f}s."
            )
        )
