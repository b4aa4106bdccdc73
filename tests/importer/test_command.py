"""The import_thread and seed_forum commands against the database."""

import contextlib
import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.models import User
from accounts.roles import GROUP_NAMES, Role
from forum import permissions
from forum.boards.models import Board, Category
from forum.importer import services
from forum.importer.parser import MAX_LENGTHS
from forum.posts.counters import recount
from forum.posts.models import Post
from forum.posts.services import like_post, reply_to_thread
from forum.threads.models import Thread
from tests.factories import BoardFactory, UserFactory
from tests.helpers import member_form
from tests.importer.dumps import SEED_FIXTURE_PATH, SEED_PATH, dump, line_of, post

pytestmark = pytest.mark.django_db

SEED_TITLE = "Vladimir Putin announces Russia-led Central Asian military force"
SEED_AUTHORS = ["Yusuf", "apple", "anoop_mig25", "pmaitra", "SADAKHUSH", "tarunraju", "Alien"]
# Post #2 is not in the dump; SADAKHUSH's post has no number line and sits between #5 and #7.
SEED_NUMBERS = [1, 3, 4, 5, 6, 7, 8]


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


def test_importing_the_seed_creates_its_seven_posts_with_the_sources_numbers(seed_thread):
    posts = seed_thread.posts.order_by("position")
    assert [(p.position, p.author.username) for p in posts] == list(
        zip(SEED_NUMBERS, SEED_AUTHORS, strict=True)
    )


def test_imported_posts_are_dated_in_their_order(seed_thread):
    times = list(seed_thread.posts.order_by("position").values_list("created_at", flat=True))
    assert times == sorted(times)
    assert len(set(times)) == 7


def test_importing_the_seed_creates_exactly_its_seven_members(seed_thread):
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(SEED_AUTHORS)


@pytest.mark.parametrize(
    ("username", "banner", "title", "joined"),
    [
        ("Yusuf", "Administrator", "GUARDIAN", datetime(2009, 3, 24, tzinfo=UTC)),
        ("apple", "", "Regular Member", datetime(2011, 3, 15, tzinfo=UTC)),
        ("anoop_mig25", "Senior Member", "Senior Member", datetime(2009, 8, 17, tzinfo=UTC)),
        ("pmaitra", "Moderator", "Moderator", datetime(2009, 3, 10, tzinfo=UTC)),
        ("SADAKHUSH", "Senior Member", "Senior Member", datetime(2010, 9, 7, tzinfo=UTC)),
        ("tarunraju", "Moderator", "Sanathan Pepe", datetime(2009, 9, 18, tzinfo=UTC)),
        ("Alien", "", "Regular Member", datetime(2015, 5, 20, tzinfo=UTC)),
    ],
)
def test_each_imported_member_has_the_banner_title_and_join_date_of_the_dump(
    seed_thread, username, banner, title, joined
):
    member = User.objects.get(username=username)
    assert (member.imported_banner, member.title, member.date_joined) == (banner, title, joined)
    assert (member.role_banner, member.imported_name) == (banner, username)


def test_every_imported_member_is_a_plain_member_whatever_banner_the_dump_showed(seed_thread):
    members = User.objects.all()
    assert {(m.role, m.is_staff, m.is_superuser) for m in members} == {(Role.MEMBER, False, False)}
    assert {tuple(m.groups.values_list("name", flat=True)) for m in members} == {
        (GROUP_NAMES[Role.MEMBER],)
    }
    assert [m.username for m in members if m.get_all_permissions()] == []


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
    last = seed_thread.posts.get(position=8)
    assert (seed_thread.reply_count, seed_thread.last_position) == (6, 8)
    assert (seed_thread.last_post, seed_thread.last_post_at) == (last, last.created_at)


def test_importing_the_seed_sets_the_board_counters(seed_thread):
    board = Board.objects.get(pk=seed_thread.board_id)
    assert (board.thread_count, board.post_count) == (1, 7)
    assert board.last_post == seed_thread.posts.get(position=8)


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
        "line; it is numbered #6, between #5 and #7",
        f"{SEED_PATH}: warning: line "
        f"{line_of(seed_text, 'SADAKHUSH Senior Member Senior Member')}: a post has no number "
        "line; its author is taken to be SADAKHUSH",
    ]


# What the dump does not say stays unsaid.


def test_the_seeds_lost_likes_and_messages_stay_unknown_for_every_member(seed_thread):
    facts = set(User.objects.values_list("imported_likes_received", "imported_message_count"))
    assert facts == {(None, None)}
    assert {(m.total_likes_received, m.total_message_count) for m in User.objects.all()} == {
        (None, None)
    }


def test_a_reply_to_the_imported_seed_is_numbered_after_its_highest_number(seed_thread, member):
    post = reply_to_thread(thread=seed_thread, author=member, body="A reply written here.")
    assert post.position == 9
    assert Thread.objects.get().last_position == 9


def test_an_imported_quote_of_a_numbered_post_leads_to_that_post(tmp_path, client):
    path = write_dump(
        tmp_path,
        dump(
            post("Alice", "Opening words."),
            post("Bob", "Putin wants a task force.", number=5),
            post(
                "Alice", "Bob said: ↑", "Putin wants a task force.", "Click to expand...", number=9
            ),
        ),
    )
    import_thread(path)
    thread = Thread.objects.get()
    quoting = Post.objects.get(position=9)
    assert quoting.body.startswith('[quote="Bob, post:5"]')
    response = client.get(f"{thread.get_absolute_url()}post-5/")
    assert response["Location"] == thread.get_position_url(5)
    assert Post.objects.get(thread=thread, position=5).author.username == "Bob"


def test_likes_received_here_count_and_the_unknown_imported_part_stays_unknown(seed_thread, member):
    like_post(post=seed_thread.posts.get(position=1), user=member)
    User.objects.filter(username="Yusuf").update(likes_received=0)
    recount(User)
    yusuf = User.objects.get(username="Yusuf")
    assert (yusuf.likes_received, yusuf.imported_likes_received) == (1, None)
    assert yusuf.total_likes_received is None


# No power from a dump: banners are text, names pass sign-up's rules.

ADMIN_RULES = [
    permissions.can_reach_admin,
    permissions.can_view_hidden,
    permissions.can_moderate_threads,
    permissions.can_lock_threads,
    permissions.can_merge_threads,
    permissions.can_moderate_posts,
    permissions.can_edit_others_posts,
    permissions.can_view_reports,
    permissions.can_view_moderation_log,
    permissions.can_moderate_members,
    permissions.can_manage_accounts,
    permissions.is_flood_exempt,
    permissions.can_reply_to_locked_thread,
]


@pytest.mark.parametrize("rule", ADMIN_RULES, ids=lambda rule: rule.__name__)
def test_an_imported_administrator_is_granted_nothing_by_the_permission_rules(seed_thread, rule):
    assert not rule(User.objects.get(username="Yusuf"))


def test_an_imported_administrator_cannot_moderate_the_thread_or_change_roles(seed_thread):
    yusuf, apple = User.objects.get(username="Yusuf"), User.objects.get(username="apple")
    apples_post = seed_thread.posts.get(author=apple)
    assert not permissions.can_hide_post(yusuf, apples_post)
    assert not permissions.can_edit_post(yusuf, apples_post)
    assert not permissions.can_change_member_role(yusuf, apple)
    assert not permissions.can_ban_member(yusuf, apple)


def test_an_imported_administrator_logged_in_somehow_is_kept_out_of_the_admin(seed_thread, client):
    client.force_login(User.objects.get(username="Yusuf"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_imported_member_gets_a_role_only_from_an_administrator(seed_thread):
    from accounts.services import set_member_role

    yusuf = set_member_role(user=User.objects.get(username="Yusuf"), role=Role.MODERATOR)
    assert (yusuf.is_staff, yusuf.is_superuser, yusuf.role_banner) == (True, False, "Moderator")
    assert not yusuf.banner_is_imported


def test_an_administrator_hands_an_imported_account_over_in_the_admin(
    seed_thread, client, administrator, mailoutbox
):
    client.force_login(administrator)
    yusuf = User.objects.get(username="Yusuf")
    client.post(
        reverse("admin:accounts_user_change", args=[yusuf.pk]),
        member_form(yusuf, email="yusuf@example.com", role=Role.MODERATOR),
    )
    client.logout()
    client.post(reverse("account_reset_password"), {"email": "yusuf@example.com"})

    yusuf.refresh_from_db()
    assert (yusuf.role, yusuf.is_staff, yusuf.role_banner) == (Role.MODERATOR, True, "Moderator")
    assert yusuf.imported_likes_received is None
    assert [message.to for message in mailoutbox] == [["yusuf@example.com"]]


HOSTILE_NAMES = [
    ("\"><svg onload=alert('u1')>", "svg_onload_alert_u1"),
    ('O\'Brien "the quote"', "O_Brien_the_quote"),
    ("John Smith", "John_Smith"),
    ("Ｙｕｓｕｆ", "Yusuf"),
]


@pytest.mark.parametrize(("name", "username"), HOSTILE_NAMES)
def test_a_hostile_name_becomes_a_plain_member_with_a_name_sign_up_accepts(
    tmp_path, name, username
):
    path = write_dump(tmp_path, dump(post(name, "Hello.", member=f"{name} Boss Administrator")))
    _, stderr = import_thread(path)
    member = Post.objects.get().author
    assert (member.username, member.imported_name) == (username, name)
    assert (member.role, member.is_staff, member.is_superuser) == (Role.MEMBER, False, False)
    assert member.imported_banner == "Administrator"
    assert f"it becomes {username!r}" in stderr


def test_a_name_made_up_from_another_never_takes_a_members_account(tmp_path):
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR)
    path = write_dump(tmp_path, dump(post("admin<", "I am the admin.")))
    import_thread(path)
    author = Post.objects.get().author
    assert author != admin
    assert (author.username, author.is_superuser) == ("admin_2", False)


def test_a_lookalike_in_fullwidth_letters_never_takes_a_members_account(tmp_path):
    yusuf = UserFactory(username="Yusuf")
    import_thread(write_dump(tmp_path, dump(post("Ｙｕｓｕｆ", "Hello."))))
    assert Post.objects.get().author.username == "Yusuf_2"
    assert not Post.objects.filter(author=yusuf).exists()


def test_a_cyrillic_lookalike_is_a_member_of_its_own_without_power(tmp_path):
    UserFactory(username="Yusuf", role=Role.ADMINISTRATOR)
    lookalike = "Yusuf".replace("u", "\u0443")  # Cyrillic у
    import_thread(
        write_dump(tmp_path, dump(post(lookalike, "Hi.", member=f"{lookalike} Administrator")))
    )
    author = Post.objects.get().author
    assert author.username == lookalike
    assert (author.is_staff, author.is_superuser) == (False, False)


def test_a_name_differing_from_a_members_only_by_case_is_that_member(tmp_path):
    apple = UserFactory(username="apple")
    import_thread(write_dump(tmp_path, dump(post("Apple", "Hello."))))
    assert Post.objects.get().author == apple
    assert User.objects.filter(username__iexact="apple").count() == 1


def test_a_cleaned_name_is_the_same_imported_member_in_a_second_thread(tmp_path):
    import_thread(write_dump(tmp_path, dump(post("John Smith", "Hello.")), "one.txt"))
    import_thread(
        write_dump(tmp_path, dump(post("John Smith", "Again."), title="Another"), "two.txt")
    )
    assert list(User.objects.values_list("username", flat=True)) == ["John_Smith"]
    assert Post.objects.filter(author__username="John_Smith").count() == 2


def test_two_source_names_cleaned_alike_stay_two_members(tmp_path):
    path = write_dump(
        tmp_path, dump(post("John Smith", "Hello."), post("John<Smith", "Hi.", number=2))
    )
    import_thread(path)
    authors = Post.objects.order_by("position").values_list(
        "author__username", "author__imported_name"
    )
    assert list(authors) == [("John_Smith", "John Smith"), ("John_Smith_2", "John<Smith")]


def test_a_name_longer_than_a_username_holds_stops_the_import(tmp_path):
    path = write_dump(tmp_path, dump(post("Alice", "Hello."), post("N" * 151, "Hi.", number=2)))
    with pytest.raises(CommandError) as error:
        import_thread(path)
    assert "the username is 151 characters long (150 at most)" in str(error.value)
    assert row_counts()["members"] == 0


def test_a_custom_title_longer_than_the_forum_holds_is_clipped_with_a_warning(tmp_path):
    member_line = f"Alice {'T' * 51} Moderator"
    path = write_dump(tmp_path, dump(post("Alice", "Hello.", member=member_line)))
    _, stderr = import_thread(path)
    assert User.objects.get(username="Alice").title == "T" * 50
    assert "the custom title is 51 characters long; clipped to 50" in stderr


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
    assert (thread.pk, thread.reply_count, thread.last_position) == (seed_thread.pk, 6, 8)
    assert (board.thread_count, board.post_count, board.version) == (1, 7, version)
    assert set(User.objects.values_list("message_count", flat=True)) == {1}


def test_importing_the_seed_twice_keeps_changes_made_since(seed_thread):
    Post.objects.filter(thread=seed_thread, position=3).update(body="Edited here.")
    import_thread(SEED_PATH)
    assert Post.objects.get(thread=seed_thread, position=3).body == "Edited here."


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
    assert Post.objects.get(position=3).author == apple


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
        thread.posts.get(position=8),
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
    Post.objects.filter(thread=seed_thread, position=3).update(body="Edited here.")
    output = tmp_path / "seed_thread.json"
    import_thread(SEED_PATH, "--output", output)
    rebuilt = json.loads(output.read_text(encoding="utf-8"))
    assert rebuilt == json.loads(SEED_FIXTURE_PATH.read_text(encoding="utf-8"))
    assert Post.objects.get(thread=seed_thread, position=3).body == "Edited here."
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
    assert thread.last_post == thread.posts.get(position=8)


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
        "banner": User._meta.get_field("imported_banner").max_length,
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
