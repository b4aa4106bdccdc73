"""Turn a preset's plan into rows, with every counter worked out from the plan itself.

On PostgreSQL posts, likes and threads go in through COPY (and, for the large preset, with the
secondary indexes and foreign keys rebuilt once at the end rather than row by row); elsewhere
through ``bulk_create``. Either way the counters written are those ``forum.posts.counters``
would compute, so ``stale_rows`` finds nothing afterwards.
"""

import json
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils.text import slugify

from accounts.models import User
from accounts.roles import GROUP_NAMES, Role
from accounts.services import set_member_role
from forum.boards.models import Board, Category
from forum.moderation.models import ModerationLog, Report
from forum.posts.indexing import index_in_batches, index_replies_by_body
from forum.posts.likes import stored_likers_count
from forum.posts.models import Like, Post, PostRevision
from forum.threads.models import Thread
from forum.threads.services import thread_slug

FORUM_MODELS = [PostRevision, Like, Post, Thread, Board, Category, User]
# What --force deletes: the forum and what is said about it (the moderation log names its
# targets without a foreign key, so nothing would take it along).
WIPED_MODELS = [ModerationLog, Report, *FORUM_MODELS]


class Progress:
    """A one-line progress bar on a stream (stderr), redrawn at most a few times a second."""

    def __init__(self, total, label, stream=None, width=30):
        self.total, self.label, self.width = max(total, 1), label, width
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.started = self.drawn = time.monotonic()
        self.shown = -1

    def advance(self, count=1):
        self.done += count
        now = time.monotonic()
        if now - self.drawn >= 0.25 or self.done >= self.total:
            self.drawn = now
            self.draw(now)

    def draw(self, now):
        self.shown = self.done
        share = min(self.done / self.total, 1)
        filled = int(share * self.width)
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0
        left = (self.total - self.done) / rate if rate else 0
        self.stream.write(
            f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {share:6.1%} "
            f"{self.done:,}/{self.total:,} {rate:,.0f}/s {elapsed:.0f}s elapsed, ~{left:.0f}s left "
        )
        self.stream.flush()

    def close(self):
        if self.shown != self.done:
            self.draw(time.monotonic())
        self.stream.write("\n")
        self.stream.flush()


def forum_is_empty():
    return not (User.objects.exists() or Board.objects.exists() or Category.objects.exists())


def wipe_forum():
    """Delete every member, board, thread, post and like, with the moderation log and reports
    (what ``--force`` allows)."""
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in WIPED_MODELS)
        with connection.cursor() as cursor:
            # TRUNCATE refuses tables that still owe deferred checks in this transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # CASCADE takes what refers to members too: their groups, e-mail addresses, admin log.
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    Board.objects.update(last_post=None)
    Thread.objects.update(last_post=None)
    for model in WIPED_MODELS:
        model.objects.all().delete()


# --- Row sinks --------------------------------------------------------------------------------


def _copy_text(value):
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, list):
        value = json.dumps(value)
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class CopyTable:
    """COPY's column list and line format for ``model``: the columns we fill, then every other
    concrete column with its field default, so columns added later need no change here."""

    def __init__(self, model, columns):
        self.model = model
        fields = {field.attname: field for field in model._meta.concrete_fields}
        self.columns = list(columns)
        rest = [field for name, field in fields.items() if name not in self.columns]
        names = [fields[name].column for name in self.columns] + [field.column for field in rest]
        quote = connection.ops.quote_name
        self.sql = (
            f"COPY {quote(model._meta.db_table)} ({', '.join(quote(n) for n in names)}) FROM STDIN"
        )
        self.suffix = "".join(
            "\t" + _copy_text(field.get_db_prep_save(field.get_default(), connection))
            for field in rest
        )

    def line(self, values):
        return "\t".join(map(_copy_text, values)) + self.suffix + "\n"


class PostgresSink:
    """Rows through COPY, in chunks of a few megabytes."""

    chunk = 4 << 20

    def __init__(self, cursor):
        self.cursor = cursor

    @contextmanager
    def stream(self, model, columns):
        table = CopyTable(model, columns)
        with self.cursor.copy(table.sql) as copy:
            parts, size = [], 0

            def add(values):
                nonlocal size
                text = table.line(values)
                parts.append(text)
                size += len(text)
                if size >= self.chunk:
                    copy.write("".join(parts).encode())
                    parts.clear()
                    size = 0

            yield add
            if parts:
                copy.write("".join(parts).encode())

    @contextmanager
    def spool(self, model, columns):
        """Rows kept in a temporary file while another COPY is open, copied in on exit."""
        table = CopyTable(model, columns)
        with tempfile.TemporaryFile("w+b") as spooled:

            def add(values):
                spooled.write(table.line(values).encode())

            yield add
            spooled.seek(0)
            with self.cursor.copy(table.sql) as copy:
                while block := spooled.read(self.chunk):
                    copy.write(block)


class OrmSink:
    """Rows through ``bulk_create``: for SQLite and small forums."""

    batch = 2000

    @contextmanager
    def stream(self, model, columns):
        rows = []

        def add(values):
            rows.append(model(**dict(zip(columns, values, strict=True))))
            if len(rows) >= self.batch:
                model.objects.bulk_create(rows)
                rows.clear()

        yield add
        if rows:
            model.objects.bulk_create(rows)

    spool = stream


@contextmanager
def deferred_indexes(models):
    """Drop the secondary indexes and the constraints of ``models``' tables, rebuild on exit."""
    with connection.cursor() as cursor:
        # A constraint cannot be dropped while rows written earlier in the transaction (the
        # boards) still owe it a deferred check: settle those first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        rebuild = []
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')",
                [table],
            )
            for name, definition in cursor.fetchall():
                quoted = connection.ops.quote_name(name)
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quoted}")
                rebuild.append(f"ALTER TABLE {table} ADD CONSTRAINT {quoted} {definition}")
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
                "WHERE indrelid = %s::regclass AND NOT indisprimary",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {name}")
                rebuild.append(definition)
        yield
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        # Indexes first: the unique and foreign key checks that follow then use them.
        rebuild.sort(key=lambda sql: not sql.startswith("CREATE"))
        progress = Progress(len(rebuild), "indexes")
        for sql in rebuild:
            cursor.execute(sql)
            progress.advance()
        progress.close()


# --- The generator ----------------------------------------------------------------------------


@dataclass
class Summary:
    members: int = 0
    boards: int = 0
    threads: int = 0
    posts: int = 0
    likes: int = 0
    seconds: float = 0.0


class Ledger:
    """The counters, kept as the plan is written out."""

    def __init__(self, members, boards):
        self.message_count = [0] * members
        self.likes_received = [0] * members
        self.board_threads = [0] * boards
        self.board_posts = [0] * boards
        self.board_last = [None] * boards  # (created_at, post id) of the latest visible post


THREAD_COLUMNS = [
    "id",
    "board_id",
    "title",
    "slug",
    "starter_id",
    "created_at",
    "is_pinned",
    "is_locked",
    "is_hidden",
    "reply_count",
    "last_position",
    "last_post_id",
    "last_post_at",
    "version",
    "source_key",
]
POST_COLUMNS = [
    "id",
    "thread_id",
    "author_id",
    "position",
    "body",
    "body_html",
    "created_at",
    "edited_at",
    "is_hidden",
    "like_count",
    "edited_by_id",
    "revision",
    "time_is_known",
    "recent_likers",
]
LIKE_COLUMNS = ["id", "post_id", "user_id", "created_at"]
REVISION_COLUMNS = [
    "id",
    "post_id",
    "number",
    "body",
    "written_by_id",
    "written_at",
    "replaced_by_id",
    "replaced_at",
]


def generate(preset, *, progress_stream=None):
    """Write ``preset``'s forum into an empty database in one transaction; return a Summary."""
    started = time.monotonic()
    postgres = connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET LOCAL synchronous_commit = off")
            # Rows go in before the rows they point at (posts before their authors): the
            # foreign keys are checked once, at the end.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        sink = PostgresSink(cursor) if postgres else OrmSink()
        members = preset.members()
        boards = _create_boards(preset)
        ledger = Ledger(len(members), len(boards))
        summary = Summary(members=len(members), boards=len(boards))
        defer = (
            deferred_indexes([Thread, Post, Like]) if postgres and preset.defer_indexes else None
        )
        with defer or _nothing():
            names = [member.username for member in members]
            _write_threads(preset, sink, boards, ledger, summary, progress_stream, names)
            if postgres:
                # Before the indexes come back (large preset): the GIN index is then built
                # once from the filled column rather than updated row by row.
                _index_for_search(summary.posts, progress_stream)
            _write_members(members, ledger, preset.password)
        _finish_boards(boards, ledger)
        _reset_sequences()
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for model in FORUM_MODELS:
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        else:
            connection.check_constraints()
    summary.seconds = time.monotonic() - started
    return summary


def _index_for_search(posts, progress_stream):
    """Fill the search vectors and word pairs (made in the database from the stored HTML, as
    the services make them): the opening posts one by one, with their titles, and every other
    post's from its body's, made once per distinct body (the large preset's posts share a pool
    of 4,000)."""
    Thread.objects.all().index_titles_for_search()
    openings = Post.objects.filter(position=1)
    progress = Progress(posts, "search vectors, opening posts (by id)", progress_stream)
    index_in_batches(openings, batch_size=20_000, advance=progress.advance)
    progress.close()
    progress = Progress(posts, "search vectors, the others by body", progress_stream)
    index_replies_by_body(advance=progress.advance)
    progress.close()


@contextmanager
def _nothing():
    yield


def _create_boards(preset):
    boards = []
    for position, (category_name, board_names) in enumerate(preset.categories()):
        category = Category.objects.create(
            name=category_name, slug=slugify(category_name, allow_unicode=True), position=position
        )
        for board_position, name in enumerate(board_names):
            boards.append(
                Board.objects.create(
                    category=category,
                    name=name,
                    slug=slugify(name, allow_unicode=True),
                    description=f"Talk about {name.lower()}.",
                    position=board_position,
                )
            )
    return boards


def _write_threads(preset, sink, boards, ledger, summary, progress_stream, names):
    progress = Progress(preset.post_total(), "posts", progress_stream)
    post_id = like_id = revision_id = 0
    kept = stored_likers_count()
    with (
        sink.spool(Thread, THREAD_COLUMNS) as add_thread,
        sink.spool(Like, LIKE_COLUMNS) as add_like,
        sink.spool(PostRevision, REVISION_COLUMNS) as add_revision,
        sink.stream(Post, POST_COLUMNS) as add_post,
    ):
        for plan in preset.threads():
            thread_id = plan.index + 1
            board = plan.board
            visible, last = 0, None
            for position, post in enumerate(plan.posts, start=1):
                post_id += 1
                source, html = preset.body(post)
                add_post(
                    (
                        post_id,
                        thread_id,
                        post.author + 1,
                        position,
                        source,
                        html,
                        post.created_at,
                        post.edited_at,
                        post.is_hidden,
                        len(post.likers),
                        post.author + 1 if post.edited_at else None,
                        2 if post.edited_at else 1,
                        True,
                        # Its likes share one time: the latest are the last written (highest id).
                        [[liker + 1, names[liker]] for liker in post.likers[::-1][:kept]],
                    )
                )
                if post.edited_at:
                    # The author added to a first, shorter version: the history shows it.
                    revision_id += 1
                    add_revision(
                        (
                            revision_id,
                            post_id,
                            1,
                            source.split("\n\n")[0],
                            post.author + 1,
                            post.created_at,
                            post.author + 1,
                            post.edited_at,
                        )
                    )
                for liker in post.likers:
                    like_id += 1
                    add_like((like_id, post_id, liker + 1, post.created_at))
                ledger.likes_received[post.author] += len(post.likers)
                if post.is_hidden:
                    continue
                visible += 1
                last = (post.created_at, post_id)
                if not plan.is_hidden:
                    ledger.message_count[post.author] += 1
                    ledger.board_posts[board] += 1
                    if ledger.board_last[board] is None or last > ledger.board_last[board]:
                        ledger.board_last[board] = last
            if not plan.is_hidden:
                ledger.board_threads[board] += 1
            add_thread(
                (
                    thread_id,
                    boards[board].pk,
                    plan.title,
                    thread_slug(plan.title),
                    plan.starter + 1,
                    plan.created_at,
                    plan.is_pinned,
                    plan.is_locked,
                    plan.is_hidden,
                    max(visible - 1, 0),
                    len(plan.posts),
                    last[1] if last else None,
                    last[0] if last else plan.created_at,
                    0,
                    None,
                )
            )
            summary.threads += 1
            summary.likes += sum(len(post.likers) for post in plan.posts)
            progress.advance(len(plan.posts))
    progress.close()
    summary.posts = post_id


def _write_members(members, ledger, password):
    """Members with their counters; roles through the role writer, plain members in bulk."""
    hashed = make_password(password)
    User.objects.bulk_create(
        (
            User(
                id=i + 1,
                username=plan.username,
                email=plan.email,
                password=hashed,
                date_joined=plan.date_joined,
                title=plan.title,
                location=plan.location,
                message_count=ledger.message_count[i],
                likes_received=ledger.likes_received[i],
            )
            for i, plan in enumerate(members)
        ),
        batch_size=2000,
    )
    # ``set_member_role`` keeps role, flags and group in step; it costs a few queries a member,
    # so the thousands of plain members get the same group membership in one bulk insert.
    members_group = Group.objects.get(name=GROUP_NAMES[Role.MEMBER])
    User.groups.through.objects.bulk_create(
        (
            User.groups.through(user_id=i + 1, group_id=members_group.pk)
            for i, plan in enumerate(members)
            if plan.role == Role.MEMBER
        ),
        batch_size=5000,
    )
    for user in User.objects.filter(
        pk__in=[i + 1 for i, p in enumerate(members) if p.role != Role.MEMBER]
    ):
        set_member_role(user=user, role=members[user.pk - 1].role)


def _finish_boards(boards, ledger):
    for i, board in enumerate(boards):
        last = ledger.board_last[i]
        Board.objects.filter(pk=board.pk).update(
            thread_count=ledger.board_threads[i],
            post_count=ledger.board_posts[i],
            last_post_id=last[1] if last else None,
        )


def _reset_sequences():
    statements = connection.ops.sequence_reset_sql(no_style(), FORUM_MODELS)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
