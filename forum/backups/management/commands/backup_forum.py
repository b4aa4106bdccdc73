from django.core.management.base import BaseCommand, CommandError

from forum.backups.archive import BackupError, take_backup


class Command(BaseCommand):
    help = (
        "Back up the forum while it runs: pg_dump (custom format) of one snapshot, the counts "
        "of what it holds, and MEDIA_ROOT, into a new directory."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="a directory that does not exist yet")

    def handle(self, *args, directory, **options):
        try:
            manifest = take_backup(directory)
        except (BackupError, FileExistsError) as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{value} {name}" for name, value in manifest["counts"].items())
        self.stdout.write(self.style.SUCCESS(f"Backed up {counts} as of {manifest['taken_at']}."))
