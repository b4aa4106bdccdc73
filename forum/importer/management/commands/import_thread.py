from pathlib import Path

from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from forum.boards.models import Board
from forum.cache import touch
from forum.importer.parser import DumpError, parse_thread_dump
from forum.importer.services import import_parsed_thread, source_key
from forum.threads.models import Thread


def read_dump(path):
    """The text of the dump at ``path``; ``CommandError`` if it is missing or not UTF-8 text."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CommandError(f"{path}: is a directory, not a thread dump") from None
    except OSError as error:
        raise CommandError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CommandError(
            f"{path}: line {line}: not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be decoded)"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise CommandError(f"{path}: line {line}: not a text file (it holds NUL bytes)")
    return text


def fixture_objects(thread):
    """The rows a fixture needs to recreate ``thread``, in an order that loads cleanly."""
    posts = list(thread.posts.select_related("author").order_by("position"))
    members = {post.author.pk: post.author for post in posts}
    members.setdefault(thread.starter.pk, thread.starter)
    return [
        thread.board.category,
        thread.board,
        *sorted(members.values(), key=lambda member: member.username),
        thread,
        *posts,
    ]


class Command(BaseCommand):
    help = "Import a text dump of a XenForo 1.x thread page, or write it out as a JSON fixture."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the thread dump, a UTF-8 text file")
        parser.add_argument("--board", help="board to put the thread in (default: the dump's)")
        parser.add_argument(
            "--output", metavar="FILE", help="write a fixture to FILE instead of importing"
        )

    def handle(self, *args, path, board=None, output=None, **options):
        limit = Board._meta.get_field("name").max_length
        if board is not None and len(board) > limit:
            raise CommandError(f"--board: a board name has {limit} characters at most")
        text = read_dump(path)
        try:
            parsed = parse_thread_dump(text)
        except DumpError as error:
            raise CommandError(f"{path}: {error}") from None
        for warning in parsed.warnings:
            self.stderr.write(f"{path}: warning: {warning}")

        with transaction.atomic():
            if output:
                # The fixture shows the dump, not what became of an earlier import of it (edits,
                # new replies); the rollback below puts the earlier import back.
                Thread.objects.filter(source_key=source_key(parsed)).delete()
            thread, created = import_parsed_thread(parsed=parsed, board_name=board)
            if output:
                objects = list(fixture_objects(thread))
                for obj in objects:
                    if hasattr(obj, "version"):
                        # A new install's pages start at version 0, whatever this one's are.
                        obj.version = 0
                    # Search vectors depend on the database and its language setting: the
                    # forum that loads the fixture makes its own (seed_forum does).
                    for vector in ("search_vector", "title_vector"):
                        if hasattr(obj, vector):
                            setattr(obj, vector, None)
                fixture = serializers.serialize(
                    "json",
                    objects,
                    indent=2,
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=True,
                )
                # The import only served to build the fixture: leave the database as it was.
                transaction.set_rollback(True)
            elif created:
                # The board's cached pages list the new thread at once.
                touch(threads=[thread], boards=[thread.board])

        if output:
            Path(output).write_text(fixture + "\n", encoding="utf-8")
            self.stdout.write(f"Wrote {len(parsed.posts)} posts of “{parsed.title}” to {output}.")
        elif created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported “{thread.title}” with {len(parsed.posts)} posts into "
                    f"{thread.board.name}."
                )
            )
        else:
            self.stdout.write(f"“{thread.title}” was imported before; nothing changed.")
