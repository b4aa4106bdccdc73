from datetime import date
from pathlib import Path

from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from forum.boards.models import Board
from forum.cache import touch
from forum.importer.pages import join_pages, read_page
from forum.importer.services import import_parsed_thread, source_key
from forum.importer.structure import DumpError
from forum.threads.models import Thread

# What a file's first bytes say it is, to refuse it by name rather than as "not UTF-8".
_BINARY_KINDS = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip archive",
}


def read_dump(path):
    """The text of the page at ``path``; ``CommandError`` if it is missing or not UTF-8 text."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CommandError(f"{path}: is a directory, not a thread dump") from None
    except OSError as error:
        raise CommandError(f"{path}: cannot be read ({error.strerror})") from None
    for magic, kind in _BINARY_KINDS.items():
        if raw.startswith(magic):
            raise CommandError(f"{path}: {kind}, not a saved thread page")
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


def page_files(paths):
    """The files named, a folder standing for the files in it (not its subfolders: a page
    saved "complete" keeps its images and styles in one)."""
    files = []
    for path in map(Path, paths):
        if path.is_dir() and any(path.iterdir()):
            inside = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            if not inside:
                raise CommandError(f"{path}: a folder with no files in it")
            files.extend(inside)
        else:
            files.append(path)
    return files


def fixture_objects(thread):
    """The rows a fixture needs to recreate ``thread``, in an order that loads cleanly."""
    posts = list(thread.posts.select_related("author").order_by("position"))
    members = {post.author.pk: post.author for post in posts}
    members.setdefault(thread.starter.pk, thread.starter)
    members = sorted(members.values(), key=lambda member: member.username)
    return [
        thread.board.category,
        thread.board,
        *members,
        *[member.imported_facts for member in members if hasattr(member, "imported_facts")],
        thread,
        *posts,
        *[post.imported for post in posts if hasattr(post, "imported")],
    ]


def _day(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--saved-on: '{value}' is not a date like 2018-06-30") from None


class Command(BaseCommand):
    help = (
        "Import a XenForo 1.x or 2.x thread from pages saved by a browser (HTML, or the text "
        "Firefox or Chromium give), or write it out as a JSON fixture."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="path",
            help="pages of one thread, in any order, or a folder holding them",
        )
        parser.add_argument("--board", help="board to put the thread in (default: the page's)")
        parser.add_argument(
            "--output", metavar="FILE", help="write a fixture to FILE instead of importing"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="print what would be imported (thread, posts, members, warnings); write nothing",
        )
        parser.add_argument(
            "--saved-on",
            type=_day,
            metavar="YYYY-MM-DD",
            help="the day the pages were saved, to date 'Today', 'Yesterday' and weekdays",
        )

    def handle(
        self, *args, paths, board=None, output=None, dry_run=False, saved_on=None, **options
    ):
        limit = Board._meta.get_field("name").max_length
        if board is not None and len(board) > limit:
            raise CommandError(f"--board: a board name has {limit} characters at most")
        files = page_files(paths)
        pages = []
        for path in tqdm(files, desc="reading pages", unit="page", disable=len(files) < 5):
            text = read_dump(path)
            try:
                pages.append((str(path), read_page(text, saved_on=saved_on)))
            except DumpError as error:
                raise CommandError(f"{path}: {error}") from None
        try:
            parsed = join_pages(pages)
        except DumpError as error:
            raise CommandError(str(error)) from None
        for warning in parsed.warnings:
            self.stderr.write(f"{warning.source}: warning: {warning}")

        if dry_run:
            self._describe(parsed)
            return
        with transaction.atomic():
            if output:
                # The fixture shows the page, not what became of an earlier import of it (edits,
                # new replies); the rollback below puts the earlier import back.
                Thread.objects.filter(source_key=source_key(parsed)).delete()
            result = import_parsed_thread(parsed=parsed, board_name=board)
            thread = result.thread
            if output:
                objects = list(fixture_objects(thread))
                for obj in objects:
                    if hasattr(obj, "version"):
                        # A new install's pages start at version 0, whatever this one's are.
                        obj.version = 0
                    # Search vectors depend on the database and its language setting: the
                    # forum that loads the fixture makes its own (seed_forum does), and the
                    # board stored beside them with them.
                    for column in ("search_vector", "search_pairs", "search_board", "title_vector"):
                        if hasattr(obj, column):
                            setattr(obj, column, None)
                fixture = serializers.serialize(
                    "json",
                    objects,
                    indent=2,
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=True,
                )
                # The import only served to build the fixture: leave the database as it was.
                transaction.set_rollback(True)
            elif result.added:
                # The board's cached pages list the new thread, or its new posts, at once.
                touch(threads=[thread], boards=[thread.board])

        if output:
            Path(output).write_text(fixture + "\n", encoding="utf-8")
            self.stdout.write(f"Wrote {len(parsed.posts)} posts of “{parsed.title}” to {output}.")
        elif result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Imported “{thread.title}” with {len(parsed.posts)} posts into "
                    f"{thread.board.name}."
                )
            )
        elif result.added:
            self.stdout.write(
                self.style.SUCCESS(f"Added {result.added} posts to “{thread.title}”.")
            )
        else:
            self.stdout.write(f"“{thread.title}” was imported before; nothing changed.")

    def _describe(self, parsed):
        write = self.stdout.write
        started = parsed.started_on.isoformat() if parsed.started_on else "day unknown"
        write(
            f"Thread: “{parsed.title}” in {parsed.board}, started by {parsed.starter} ({started})"
        )
        write(f"Read as: {parsed.source_format}")
        write(f"Posts: {len(parsed.posts)}")
        for post in parsed.posts:
            if post.posted_at is None:
                when = "day unknown"
            else:
                when = post.posted_at.strftime("%Y-%m-%d %H:%M" if post.time_known else "%Y-%m-%d")
            likes = ""
            if post.other_likes is not None:
                likes = f", liked by {len(post.likers) + post.other_likes}"
            write(f"  #{post.position} {post.author.source_name}, {when}{likes}")
        members = {}
        for post in parsed.posts:
            members[post.author.source_name] = post.author
        write(f"Members: {len(members)}")
        for member in members.values():
            facts = [member.title, member.banner, *member.other_banners]
            shown = ", ".join(fact for fact in facts if fact)
            write(f"  {member.source_name}" + (f" ({shown})" if shown else ""))
        write(f"Warnings: {len(parsed.warnings)}")
        for warning in parsed.warnings:
            write(f"  {warning.source}: {warning}")
        write("Dry run: nothing was written.")
