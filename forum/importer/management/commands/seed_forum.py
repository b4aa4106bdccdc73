from django.core.management import call_command
from django.core.management.base import BaseCommand

from forum.threads.models import Thread


class Command(BaseCommand):
    help = "Load the seed thread into a forum that has no threads yet; otherwise do nothing."

    def handle(self, *args, **options):
        if Thread.objects.exists():
            self.stdout.write("The forum already has threads; the seed thread was not loaded.")
            return
        call_command("loaddata", "seed_thread", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Loaded the seed thread."))
