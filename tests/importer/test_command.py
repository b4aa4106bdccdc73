"""The import_thread and seed_forum commands against the database."""

import contextlib
import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from accounts.models import User
from accounts.roles import GROUP_NAMES, Role
from forum.boards.models import Board, Category
from forum.importer import services
from forum.importer.parser import MAX_LENGTHS
from forum.posts.models import Post
from forum.threads.models import Thread
from tests.factories import BoardFactory, UserFactory
from tests.importer.dumps import SEED_FIXTURE_PATH, SEED_PATH, dump, line_of, post

pytestmark = pytest.mark.django_db

SEED_TITLE = "Vladimir Putin announces Russia-led Central Asian military force"
SEED_AUTHORS = ["Yusuf", "apple", "anoop_mig25", "pmaitra", "SADAKHUSH", "tarunraju", "Alien"]


def import_thread(*args):
    """Run the command; return what it wrote to stdout and stderr."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_thread", *map(str, args), stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def row_counts():
    return {
        "categories": Category.objects.count(),
        "boards": Board.objects.count(),
        "members": User.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "threads": Thread.objects.count(),
        "posts": Post.objects.count(),
    }


def write_dump(tmp_path, text, name="thread.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def seed_thread():
    import_thread(SEED_PATH)
    return Thread.objects.select_related("board", "starter").get()


# Importing the seed.


def test_importing_the_seed_creates_one_thread_in_the_board_europe_and_russia(seed_thread):
    assert seed_thread.title == SEED_TITLE
    assert seed_thread.board.name == "Europe and Russia"
    assert row_counts()["threads"] == 1


def test_importing_the_seed_records_yusuf_as_starter_on_oct_17_2015(seed_thread):
    assert seed_thread.starter.username == "Yusuf"
    assert seed_thread.created_at == datetime(2015, 10, 17, tzinfo=UTC)


def test_importing_the_seed_creates_its_seven_posts_in_source_order(seed_thread):
    posts = seed_thread.posts.order_by("position")
    assert [(p.position, p.author.username) for p in posts] == list(
        enumerate(SEED_AUTHORS, start=1)
    )


def test_imported_posts_are_dated_in_their_order(seed_thread):
    times = list(seed_thread.posts.order_by("position").values_list("created_at", flat=True))
    assert times == sorted(times)
    assert len(set(times)) == 7


def test_importing_the_seed_creates_exactly_its_seven_members(seed_thread):
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(SEED_AUTHORS)


@pytest.mark.parametrize(
    ("username", "role", "title", "joined"),
    [
        ("Yusuf", Role.ADMINISTRATOR, "GUARDIAN", datetime(2009, 3, 24, tzinfo=UTC)),
        ("apple", Role.MEMBER, "Regular Member", datetime(2011, 3, 15, tzinfo=UTC)),
        ("anoop_mig25", Role.SENIOR_MEMBER, "Senior Member", datetime(2009, 8, 17, tzinfo=UTC)),
        ("pmaitra", Role.MODERATOR, "Moderator", datetime(2009, 3, 10, tzinfo=UTC)),
        ("SADAKHUSH", Role.SENIOR_MEMBER, "Senior Member", datetime(2010, 9, 7, tzinfo=UTC)),
        ("tarunraju", Role.MODERATOR, "Sanathan Pepe", datetime(2009, 9, 18, tzinfo=UTC)),
        ("Alien", Role.MEMBER, "Regular Member", datetime(2015, 5, 20, tzinfo=UTC)),
    ],
)
def test_each_imported_member_has_the_role_title_and_join_date_of_the_dump(
    seed_thread, username, role, title, joined
):
    member = User.objects.get(username=username)
    assert (member.role, member.title, member.date_joined) == (role, title, joined)
    assert list(member.groups.values_list("name", flat=True)) == [GROUP_NAMES[role]]


def test_imported_administrators_and_moderators_reach_the_admin_and_others_do_not(seed_thread):
    staff = set(User.objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"Yusuf", "pmaitra", "tarunraju"}


def test_pmaitras_location_is_imported_and_his_lost_text_stays_empty(seed_thread):
    pmaitra = User.objects.get(username="pmaitra")
    lost = seed_thread.posts.get(author=pmaitra)
    assert pmaitra.location == "EST, USA"
    assert (lost.body, lost.body_html) == ("", "")


def test_yusufs_post_is_stored_with_its_signature_and_rendered(seed_thread):
    opening = seed_thread.posts.get(position=1)
    assert opening.body.endswith("Sent from my iPhone using Tapatalk")
    assert opening.body_html.endswith("<p>Sent from my iPhone using Tapatalk</p>")
    assert opening.body_html.count("<p>") == 28


def test_importing_the_seed_sets_the_thread_counters(seed_thread):
    last = seed_thread.posts.get(position=7)
    assert (seed_thread.reply_count, seed_thread.last_position) == (6, 7)
    assert (seed_thread.last_post, seed_thread.last_post_at) == (last, last.created_at)


def test_importing_the_seed_sets_the_board_counters(seed_thread):
    board = Board.objects.get(pk=seed_thread.board_id)
    assert (board.thread_count, board.post_count) == (1, 7)
    assert board.last_post == seed_thread.posts.get(position=7)


def test_importing_the_seed_gives_each_member_one_message(seed_thread):
    assert dict(User.objects.values_list("username", "message_count")) == dict.fromkeys(
        SEED_AUTHORS, 1
    )


def test_imported_members_have_no_usable_password(seed_thread):
    assert [m.username for m in User.objects.all() if m.has_usable_password()] == []


def test_an_imported_member_cannot_log_in(seed_thread, client):
    assert not client.login(username="Yusuf", password="!")
    assert not client.login(username="Yusuf", password="")


def test_the_command_says_what_it_imported():
    stdout, _ = import_thread(SEED_PATH)
    assert f"Imported “{SEED_TITLE}” with 7 posts into Europe and Russia." in stdout


def test_the_seeds_warnings_are_printed_to_stderr_with_their_lines():
    seed_text = SEED_PATH.read_text(encoding="utf-8")
    _, stderr = import_thread(SEED_PATH)
    assert stderr.splitlines() == [
        f"{SEED_PATH}: warning: line {line_of(seed_text, '3. apple')}: post numbers jump to #3: "
        "1 post(s) before it are not in the dump",
        f"{SEED_PATH}: warning: line {line_of(seed_text, '5. pmaitra')}: the post by pmaitra "
        "has no text in the dump",
        f"{SEED_PATH}: warning: line {line_of(seed_text, 'EST, USA')}: took 'EST, USA' as "
        "pmaitra's location; the post's own text is missing from the dump",
        f"{SEED_PATH}: warning: line "
        f"{line_of(seed_text, 'SADAKHUSH Senior Member Senior Member')}: a post has no number "
        "line; its author is taken to be SADAKHUSH",
    ]


# Importing twice.


def test_importing_the_seed_twice_adds_no_rows(seed_thread):
    before = row_counts()
    import_thread(SEED_PATH)
    assert row_counts() == before


def test_importing_the_seed_twice_keeps_every_counter(seed_thread):
    version = Board.objects.get().version
    import_thread(SEED_PATH)
    thread = Thread.objects.get()
    board = Board.objects.get()
    assert (thread.pk, thread.reply_count, thread.last_position) == (seed_thread.pk, 6, 7)
    assert (board.thread_count, board.post_count, board.version) == (1, 7, version)
    assert set(User.objects.values_list("message_count", flat=True)) == {1}


def test_importing_the_seed_twice_keeps_changes_made_since(seed_thread):
    Post.objects.filter(thread=seed_thread, position=2).update(body="Edited here.")
    import_thread(SEED_PATH)
    assert Post.objects.get(thread=seed_thread, position=2).body == "Edited here."


def test_importing_the_seed_twice_says_nothing_changed(seed_thread):
    stdout, _ = import_thread(SEED_PATH)
    assert stdout.strip() == f"“{SEED_TITLE}” was imported before; nothing changed."


def test_a_member_known_before_the_import_is_reused_not_duplicated():
    apple = UserFactory(username="apple", role=Role.SENIOR_MEMBER)
    import_thread(SEED_PATH)
    apple.refresh_from_db()
    assert User.objects.filter(username="apple").count() == 1
    assert apple.has_usable_password()
    assert apple.role == Role.SENIOR_MEMBER
    assert Post.objects.get(position=2).author == apple


# What real dumps add, through to the database.


def test_a_likes_count_location_and_edit_date_reach_the_database(tmp_path):
    path = write_dump(
        tmp_path,
        dump(
            post(
                "Alice",
                "Hello there.",
                "Last edited: Oct 18, 2015",
                likes="1,204",
                location="Berlin, Germany",
            )
        ),
    )
    import_thread(path)
    alice = User.objects.get(username="Alice")
    assert (alice.imported_likes_received, alice.total_likes_received) == (1204, 1204)
    assert alice.location == "Berlin, Germany"
    assert Post.objects.get().edited_at == datetime(2015, 10, 18, tzinfo=UTC)


def test_an_imported_quote_is_stored_attributed_to_the_quoted_post(tmp_path):
    path = write_dump(
        tmp_path,
        dump(
            post("Alice", "Putin wants a task force."),
            post(
                "Bob", "Alice said: ↑", "Putin wants a task force.", "Click to expand...", number=2
            ),
        ),
    )
    import_thread(path)
    reply = Post.objects.get(position=2)
    assert reply.body.startswith('[quote="Alice, post:1"]')
    assert 'href="post-1/"' in reply.body_html


def test_html_looking_text_is_stored_as_escaped_text(tmp_path):
    path = write_dump(tmp_path, dump(post("Alice", "<script>alert(1)</script>")))
    import_thread(path)
    assert Post.objects.get().body_html == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_non_ascii_usernames_become_members(tmp_path):
    path = write_dump(
        tmp_path,
        dump(
            post("Jürgen", "Hallo."),
            post("Иван", "Привет.", number=2),
            post("山田", "こんにちは。", number=3),
            discussion="Discussion in 'Общее' started by Jürgen, Oct 17, 2015.",
        ),
    )
    import_thread(path)
    assert list(Post.objects.order_by("position").values_list("author__username", flat=True)) == [
        "Jürgen",
        "Иван",
        "山田",
    ]
    assert Board.objects.get().slug == "общее"


def test_a_dump_with_a_byte_order_mark_imports(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff".encode() + dump(post("Alice", "Hello.")).encode())
    import_thread(path)
    assert Thread.objects.get().title == "A thread about nothing much"


# --board


def test_the_board_option_puts_the_thread_in_an_existing_board():
    news = BoardFactory(name="News", slug="news")
    import_thread(SEED_PATH, "--board", "News")
    thread = Thread.objects.get()
    news.refresh_from_db()
    assert thread.board == news
    assert (news.thread_count, news.post_count, news.last_post) == (
        1,
        7,
        thread.posts.get(position=7),
    )
    assert not Board.objects.filter(name="Europe and Russia").exists()


def test_the_board_option_finds_a_board_by_its_slug():
    news = BoardFactory(name="World News", slug="news")
    import_thread(SEED_PATH, "--board", "news")
    assert Thread.objects.get().board == news
    assert Board.objects.count() == 1


def test_the_board_option_creates_a_board_that_does_not_exist():
    stdout, _ = import_thread(SEED_PATH, "--board", "Archive")
    board = Thread.objects.get().board
    assert (board.name, board.slug, board.category.name) == ("Archive", "archive", "Imported")
    assert "into Archive." in stdout


def test_a_new_board_whose_slug_is_taken_gets_a_free_one():
    BoardFactory(name="Europe & Russia (old)", slug="europe-and-russia")
    import_thread(SEED_PATH)
    board = Thread.objects.get().board
    assert (board.name, board.slug) == ("Europe and Russia", "europe-and-russia-2")


# --output


def test_the_output_option_writes_a_fixture_of_the_thread(tmp_path):
    output = tmp_path / "thread.json"
    stdout, _ = import_thread(SEED_PATH, "--output", output)
    objects = json.loads(output.read_text(encoding="utf-8"))
    models = [entry["model"] for entry in objects]
    assert (
        models
        == ["boards.category", "boards.board"]
        + ["accounts.user"] * 7
        + ["threads.thread"]
        + ["posts.post"] * 7
    )
    assert f"Wrote 7 posts of “{SEED_TITLE}” to {output}." in stdout


def test_the_output_option_leaves_the_database_unchanged(tmp_path):
    BoardFactory(name="News", slug="news")
    before = row_counts()
    import_thread(SEED_PATH, "--output", tmp_path / "thread.json")
    assert row_counts() == before


def test_the_fixture_rebuilt_from_the_seed_is_the_committed_one(tmp_path):
    output = tmp_path / "seed_thread.json"
    import_thread(SEED_PATH, "--output", output)
    rebuilt = json.loads(output.read_text(encoding="utf-8"))
    committed = json.loads(SEED_FIXTURE_PATH.read_text(encoding="utf-8"))
    assert rebuilt == committed


def test_the_output_option_writes_the_dump_not_an_earlier_import_edited_since(
    seed_thread, tmp_path
):
    Post.objects.filter(thread=seed_thread, position=2).update(body="Edited here.")
    output = tmp_path / "seed_thread.json"
    import_thread(SEED_PATH, "--output", output)
    rebuilt = json.loads(output.read_text(encoding="utf-8"))
    assert rebuilt == json.loads(SEED_FIXTURE_PATH.read_text(encoding="utf-8"))
    assert Post.objects.get(thread=seed_thread, position=2).body == "Edited here."
    assert Thread.objects.get().pk == seed_thread.pk


def test_the_committed_fixture_holds_no_primary_keys():
    committed = json.loads(SEED_FIXTURE_PATH.read_text(encoding="utf-8"))
    assert [entry for entry in committed if "pk" in entry] == []


# Loading the committed fixture.


def test_loading_the_committed_fixture_gives_the_same_rows_as_importing_the_seed():
    call_command("loaddata", "seed_thread", verbosity=0)
    loaded = row_counts()
    thread = Thread.objects.get()
    assert loaded == {
        "categories": 1,
        "boards": 1,
        "members": 7,
        "memberships": 7,
        "threads": 1,
        "posts": 7,
    }
    assert (thread.title, thread.reply_count, thread.board.post_count) == (SEED_TITLE, 6, 7)
    assert thread.last_post == thread.posts.get(position=7)


def test_loading_the_committed_fixture_twice_changes_nothing():
    call_command("loaddata", "seed_thread", verbosity=0)
    before = row_counts()
    thread = Thread.objects.get()
    call_command("loaddata", "seed_thread", verbosity=0)
    again = Thread.objects.get()
    assert row_counts() == before
    assert (again.pk, again.reply_count, again.last_post_id) == (
        thread.pk,
        thread.reply_count,
        thread.last_post_id,
    )


def test_importing_the_seed_after_loading_its_fixture_changes_nothing():
    call_command("loaddata", "seed_thread", verbosity=0)
    before = row_counts()
    stdout, _ = import_thread(SEED_PATH)
    assert row_counts() == before
    assert "was imported before; nothing changed." in stdout


# seed_forum


def test_seed_forum_loads_the_seed_thread_into_an_empty_forum():
    stdout = io.StringIO()
    call_command("seed_forum", stdout=stdout)
    thread = Thread.objects.get()
    assert (thread.title, thread.posts.count()) == (SEED_TITLE, 7)
    assert "Loaded the seed thread." in stdout.getvalue()


def test_seed_forum_does_nothing_when_the_forum_has_threads(thread):
    before = row_counts()
    stdout = io.StringIO()
    call_command("seed_forum", stdout=stdout)
    assert row_counts() == before
    assert not Thread.objects.filter(title=SEED_TITLE).exists()
    assert "already has threads" in stdout.getvalue()


# Bad input: CommandError naming the problem and the line, and nothing written.


def bad_file(kind, tmp_path):
    """Write a bad input of ``kind``; return its path and the words its error must hold."""
    good = dump(post("Alice", "Hello."), post("Bob", "Hi.", number=2))
    if kind == "missing file":
        return tmp_path / "nowhere.txt", ["no such file"]
    if kind == "directory":
        return tmp_path, ["is a directory"]
    if kind == "latin-1 on line 3":
        path = tmp_path / "latin1.txt"
        path.write_bytes(good.replace("Discussion", "Discussión").encode("latin-1"))
        return path, ["line 3:", "not UTF-8 text", "0xf3"]
    if kind == "NUL bytes on line 5":
        return write_dump(tmp_path, good.replace("  1. Alice", "  1. Al\x00ice")), [
            "line 5:",
            "NUL bytes",
        ]
    if kind == "empty":
        return write_dump(tmp_path, ""), ["line 1:", "the dump is empty"]
    if kind == "no title":
        return write_dump(tmp_path, dump(post("Alice", "Hello."), title=None)), [
            "line 1:",
            "no thread title",
        ]
    if kind == "no discussion line":
        text = dump(post("Alice", "Hello."), discussion="")
        return write_dump(tmp_path, text), [
            f"line {line_of(text, '1. Alice')}:",
            "no \"Discussion in 'Board' started by Name, Date.\" line",
        ]
    if kind == "no posts":
        return write_dump(tmp_path, dump()), ["line 3:", "no posts"]
    if kind == "truncated post":
        text = dump(post("Alice", "Hello."), ["  2. Bob", ""], post("Carol", "Hey.", number=3))
        return write_dump(tmp_path, text), [
            f"line {line_of(text, '2. Bob')}:",
            "post #2 by Bob is truncated",
        ]
    if kind == "truncated dump":
        text = dump(post("Alice", "Hello."), post("Bob", "Hi, I was say", number=2), footer=False)
        return write_dump(tmp_path, text + "\n"), [
            f"line {line_of(text, 'Hi, I was say')}:",
            "ends without XenForo's 'Share This Page' line",
        ]
    if kind == "custom title too long":
        member_line = f"Alice {'T' * 51} Moderator"
        text = dump(post("Alice", "Hello.", member=member_line))
        return write_dump(tmp_path, text), [
            f"line {line_of(text, member_line)}:",
            "the custom title is 51 characters long (50 at most)",
        ]
    raise AssertionError(kind)


BAD_INPUTS = [
    "missing file",
    "directory",
    "latin-1 on line 3",
    "NUL bytes on line 5",
    "empty",
    "no title",
    "no discussion line",
    "no posts",
    "truncated post",
    "truncated dump",
    "custom title too long",
]


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_bad_input_stops_the_command_with_the_problem_and_its_line(kind, tmp_path):
    path, words = bad_file(kind, tmp_path)
    with pytest.raises(CommandError) as error:
        import_thread(path)
    message = str(error.value)
    assert message.startswith(f"{path}: ")
    for word in words:
        assert word in message


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_bad_input_writes_nothing(kind, tmp_path, thread):
    path, _ = bad_file(kind, tmp_path)
    before = row_counts()
    with pytest.raises(CommandError):
        import_thread(path)
    assert row_counts() == before


@pytest.mark.parametrize("kind", BAD_INPUTS)
def test_bad_input_writes_no_output_file(kind, tmp_path):
    path, _ = bad_file(kind, tmp_path)
    output = tmp_path / "out.json"
    with pytest.raises(CommandError):
        import_thread(path, "--output", output)
    assert not output.exists()


def test_bad_input_through_manage_py_exits_non_zero(tmp_path):
    path, _ = bad_file("no posts", tmp_path)
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "import_thread", str(path)]).execute()
    assert exit_.value.code == 1
    assert f"CommandError: {path}: line 3: no posts" in stderr.getvalue()


def test_the_parsers_length_limits_are_those_of_the_models():
    model_lengths = {
        "thread title": Thread._meta.get_field("title").max_length,
        "board name": Board._meta.get_field("name").max_length,
        "username": User._meta.get_field("username").max_length,
        "custom title": User._meta.get_field("title").max_length,
    }
    assert model_lengths == MAX_LENGTHS


def test_a_board_option_longer_than_a_board_name_holds_is_refused():
    with pytest.raises(CommandError) as error:
        import_thread(SEED_PATH, "--board", "B" * 101)
    assert str(error.value) == "--board: a board name has 100 characters at most"
    assert row_counts()["boards"] == 0


def test_a_failure_while_writing_leaves_no_row_behind(monkeypatch):
    rendered = []

    def render_until_the_fourth_post(source, **options):
        rendered.append(source)
        if len(rendered) == 4:
            raise RuntimeError("the database went away")
        return ""

    monkeypatch.setattr(services, "render_post_body", render_until_the_fourth_post)
    with pytest.raises(RuntimeError):
        import_thread(SEED_PATH)
    assert row_counts() == {
        "categories": 0,
        "boards": 0,
        "members": 0,
        "memberships": 0,
        "threads": 0,
        "posts": 0,
    }
