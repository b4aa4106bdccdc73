from django.core.management.base import BaseCommand

from forum.posts import counters


class Command(BaseCommand):
    help = (
        "Rebuild every stored counter (likes, likes received, replies, messages, members' "
        "unread alerts, posts per board, latest posts, each post's latest likers) from the "
        "rows, and report how many of each were wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="rows checked per transaction"
        )

    def handle(self, *args, batch_size, **options):
        total = 0
        for model in counters.TRUTHS:
            for counter, fixed in counters.recount(model, batch_size=batch_size).items():
                total += fixed
                line = f"{counters.counter_label(model, counter)}: {fixed} fixed"
                self.stdout.write(self.style.WARNING(line) if fixed else line)
        fixed = counters.recount_likers(batch_size=batch_size)
        total += fixed
        line = f"{counters.LIKERS_LABEL}: {fixed} fixed"
        self.stdout.write(self.style.WARNING(line) if fixed else line)
        if total:
            self.stdout.write(self.style.SUCCESS(f"{total} counters fixed."))
        else:
            self.stdout.write(self.style.SUCCESS("Every counter was right: 0 fixed."))
