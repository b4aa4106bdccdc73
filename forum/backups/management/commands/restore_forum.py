from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from forum.backups.archive import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_forum into a new, empty database (created when "
        "missing), check its counts against the backup's, and put its files in MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="the backup's directory")
        parser.add_argument(
            "--into",
            required=True,
            metavar="DATABASE_URL",
            help="postgres://… of the database to restore into; never the one in use",
        )
        parser.add_argument(
            "--media-root", help="where the files go (default: MEDIA_ROOT, when it is set)"
        )

    def handle(self, *args, directory, into, media_root, **options):
        media_root = media_root or getattr(settings, "MEDIA_ROOT", "") or None
        try:
            counts = restore_backup(directory, database_url=into, media_root=media_root)
        except BackupError as error:
            raise CommandError(str(error)) from error
        summary = ", ".join(f"{value} {name}" for name, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Restored and checked: {summary}."))
