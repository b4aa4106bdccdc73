from django.core.management import call_command
from django.core.management.base import BaseCommand

from forum.posts.models import Post
from forum.threads.models import Thread


class Command(BaseCommand):
    help = "Load the seed thread into a forum that has no threads yet; otherwise do nothing."

    def handle(self, *args, **options):
        if Thread.objects.exists():
            self.stdout.write("The forum already has threads; the seed thread was not loaded.")
            return
        call_command("loaddata", "seed_thread", verbosity=0)
        # The fixture carries no search vectors (they depend on the database and its language).
        Post.objects.all().index_for_search()
        Thread.objects.all().index_titles_for_search()
        self.stdout.write(self.style.SUCCESS("Loaded the seed thread."))
