"""import_thread on saved HTML pages: several pages, re-runs, dry runs, refusals."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from forum.importer.models import ImportedPost
from forum.posts.models import Post
from forum.threads.models import Thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).parent / "pages"
PAGE_1 = PAGES / "xf1_default.html"
PAGE_2 = PAGES / "xf1_default_page2.html"


def import_thread(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_thread", *map(str, args), stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def rows():
    return (User.objects.count(), Thread.objects.count(), Post.objects.count())


def test_an_xf1_page_imports_its_posts_with_their_source_numbers():
    import_thread(PAGE_1)
    thread = Thread.objects.get()
    assert list(thread.posts.order_by("position").values_list("position", "author__username")) == [
        (1, "Asha"),
        (3, "Ravi"),
    ]


def test_an_imported_post_keeps_its_exact_time():
    import_thread(PAGE_1)
    post = Post.objects.get(position=1)
    assert (post.created_at.isoformat(), post.time_is_known) == ("2018-06-01T08:05:00+00:00", True)


def test_an_imported_member_gets_the_pages_facts_and_no_power():
    import_thread(PAGE_1)
    asha = User.objects.get(username="Asha")
    assert (asha.title, asha.imported_banner, asha.total_message_count, asha.role) == (
        "Rain Chaser",
        "Administrator",
        12345,
        "member",
    )


def test_likes_signature_and_edit_note_are_kept_beside_the_post():
    import_thread(PAGE_1)
    facts = ImportedPost.objects.get(post__position=1)
    assert (facts.likers, facts.other_likes, facts.signature) == (
        ["Ravi", "Meera"],
        7,
        "Weather is what you get.",
    )
    assert facts.edit_note == "Last edited by a moderator: Jun 2, 2018"


def test_the_thread_page_shows_the_signature_and_the_source_likes(client):
    import_thread(PAGE_1)
    html = client.get(Thread.objects.get().get_absolute_url()).content.decode()
    assert "Weather is what you get." in html
    assert "Liked on the source forum by Ravi, Meera and 7 others" in html


def test_a_quote_of_a_post_on_another_page_links_to_its_number():
    import_thread(PAGE_1, PAGE_2)
    assert Post.objects.get(position=4).body.startswith('[quote="Ravi, post:3"]')


def test_pages_in_any_order_make_one_thread():
    import_thread(PAGE_2, PAGE_1)
    assert Thread.objects.count() == 1
    assert list(Post.objects.order_by("position").values_list("position", flat=True)) == [1, 3, 4]


def test_a_folder_of_pages_makes_one_thread(tmp_path):
    shutil.copy(PAGE_1, tmp_path / "b.htm")
    shutil.copy(PAGE_2, tmp_path / "a.htm")
    (tmp_path / "a_files").mkdir()  # "Web page, complete" keeps images in a folder
    import_thread(tmp_path)
    assert Post.objects.count() == 3


def test_a_page_imported_later_adds_its_posts():
    import_thread(PAGE_1)
    stdout, _ = import_thread(PAGE_2)
    assert "Added 1 posts" in stdout
    assert Thread.objects.get().posts.count() == 3


def test_importing_the_same_pages_again_changes_nothing():
    import_thread(PAGE_1, PAGE_2)
    before = rows()
    stdout, _ = import_thread(PAGE_2, PAGE_1)
    assert rows() == before
    assert "nothing changed" in stdout


def test_a_member_seen_again_takes_the_most_recent_facts(tmp_path):
    import_thread(PAGE_1)
    later = PAGE_1.read_text(encoding="utf-8").replace("12,345", "12,400")
    (tmp_path / "later.html").write_text(later, encoding="utf-8")
    import_thread(tmp_path / "later.html")
    assert User.objects.get(username="Asha").total_message_count == 12400
    assert User.objects.filter(imported_name="Asha").count() == 1


def test_pages_of_two_threads_are_refused_and_nothing_is_written():
    with pytest.raises(CommandError) as error:
        import_thread(PAGE_1, PAGES / "xf2.html")
    assert "one thread per run" in str(error.value)
    assert rows() == (0, 0, 0)


def test_a_dry_run_prints_the_thread_posts_members_and_writes_nothing():
    stdout, _ = import_thread(PAGE_1, PAGE_2, "--dry-run")
    assert "Thread: “Monsoon arrives early in Kerala” in Weather Watch" in stdout
    assert "  #4 Meera" in stdout
    assert "Members: 3" in stdout
    assert "Dry run: nothing was written." in stdout
    assert rows() == (0, 0, 0)


def test_output_writes_a_fixture_with_the_source_facts(tmp_path):
    output = tmp_path / "thread.json"
    import_thread(PAGE_1, "--output", output)
    assert '"model": "importer.importedpost"' in output.read_text(encoding="utf-8")
    assert rows() == (0, 0, 0)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.4 \x00\x01", "a PDF file, not a saved thread page"),
        (b"\x89PNG\r\n\x1a\n\x00", "a PNG image, not a saved thread page"),
        (
            b'<html data-app="public" data-template="forum_list"><body></body></html>',
            "a XenForo 2 forum list, not a thread",
        ),
    ],
)
def test_files_that_are_not_thread_pages_are_refused_saying_what_they_are(tmp_path, content, words):
    path = tmp_path / "page.html"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        import_thread(path)
    assert str(error.value) == f"{path}: {words}"
    assert rows() == (0, 0, 0)


def test_chromium_text_imports_with_days_from_the_save_date():
    import_thread(PAGES / "chromium_xf1.txt", "--saved-on", "2015-01-08")
    post = Post.objects.get(position=4)
    assert (post.created_at.isoformat(), post.time_is_known) == ("2015-01-05T08:00:00+00:00", True)


def test_a_post_whose_day_is_unknown_says_so_on_the_thread_page(client):
    import_thread(PAGES / "chromium_xf1.txt")
    assert not ImportedPost.objects.get(post__position=4).day_known
    html = client.get(Thread.objects.get().get_absolute_url()).content.decode()
    assert "Day unknown" in html


def test_a_bad_save_date_is_refused():
    with pytest.raises(CommandError):
        import_thread(PAGES / "chromium_xf1.txt", "--saved-on", "yesterday")


def test_a_quote_of_a_post_imported_in_an_earlier_run_links_to_its_number():
    import_thread(PAGE_1)
    import_thread(PAGE_2)
    assert Post.objects.get(position=4).body.startswith('[quote="Ravi, post:3"]')


def test_a_quote_of_a_post_never_imported_keeps_its_author_only():
    import_thread(PAGES / "xf2.html")
    assert Post.objects.get(position=21).body.startswith('[quote="Lin"]\n')


def test_the_staff_banner_is_shown_beside_the_role_banner(client):
    import_thread(PAGE_1)
    asha = User.objects.get(username="Asha")
    assert asha.imported_facts.other_banners == ["Staff Member"]
    html = client.get(Thread.objects.get().get_absolute_url()).content.decode()
    assert ">Staff Member</p>" in html


def test_a_join_date_the_page_does_not_show_stays_unknown(client):
    import_thread(PAGES / "xf1_customised.html")
    assert not User.objects.get(username="Vega").imported_facts.joined_known
    html = client.get(Thread.objects.get().get_absolute_url()).content.decode()
    assert "Not in the imported page" in html


def test_a_join_date_shown_once_stays_known_when_a_later_page_drops_it(tmp_path):
    import_thread(PAGE_1)
    without = PAGE_1.read_text(encoding="utf-8").replace(
        '<dl class="pairsJustified"><dt>Joined:</dt><dd>Mar 24, 2009</dd></dl>', ""
    )
    (tmp_path / "again.html").write_text(without, encoding="utf-8")
    import_thread(tmp_path / "again.html")
    assert User.objects.get(username="Asha").imported_facts.joined_known


def test_the_fixture_of_an_html_thread_loads_into_an_empty_database(tmp_path):
    output = tmp_path / "thread.json"
    import_thread(PAGE_1, "--output", output)
    UserFactory.create_batch(3)  # rows get other ids than the fixture's run gave them
    call_command("loaddata", str(output), verbosity=0)
    assert ImportedPost.objects.get(post__position=1).other_likes == 7
    assert User.objects.get(username="Asha").imported_facts.other_banners == ["Staff Member"]


def test_the_thread_starts_at_its_opening_posts_exact_time():
    import_thread(PAGE_1)
    assert Thread.objects.get().created_at.isoformat() == "2018-06-01T08:05:00+00:00"


def test_a_members_messages_total_is_the_pages_count_not_one_more_per_imported_post():
    import_thread(PAGE_1, PAGE_2)
    assert User.objects.get(username="Asha").total_message_count == 12345
    assert User.objects.get(username="Ravi").total_message_count == 3


def test_the_messages_total_stays_right_when_a_later_run_adds_posts():
    import_thread(PAGE_1)
    import_thread(PAGE_2)  # Ravi's post #3 again (kept once), Meera's #4
    assert User.objects.get(username="Ravi").total_message_count == 3


def test_an_unclaimed_member_gets_the_signature_of_the_page_as_their_own():
    import_thread(PAGE_1)
    asha = User.objects.get(username="Asha")
    assert (asha.signature, asha.signature_html) == ("", "<p>Weather is what you get.</p>")


def test_the_signature_shows_once_under_the_post(client):
    import_thread(PAGE_1)
    html = client.get(Thread.objects.get().get_absolute_url()).content.decode()
    assert html.count("Weather is what you get.") == 1


def test_a_reader_who_hides_signatures_sees_no_imported_signature(client):
    import_thread(PAGE_1)
    reader = UserFactory(hide_signatures=True)
    client.force_login(reader)
    html = client.get(Thread.objects.get().get_absolute_url()).content.decode()
    assert "Weather is what you get." not in html


def test_a_member_who_claimed_the_account_keeps_their_own_signature(tmp_path):
    import_thread(PAGE_1)
    asha = User.objects.get(username="Asha")
    asha.set_password("a long new password")
    asha.signature_html = "<p>Mine now.</p>"
    asha.save()
    later = PAGE_1.read_text(encoding="utf-8").replace("Weather is what", "Climate is what")
    (tmp_path / "later.html").write_text(later, encoding="utf-8")
    import_thread(tmp_path / "later.html")
    assert User.objects.get(pk=asha.pk).signature_html == "<p>Mine now.</p>"


def test_an_unclaimed_member_takes_the_signature_of_the_latest_page(tmp_path):
    import_thread(PAGE_1)
    later = PAGE_1.read_text(encoding="utf-8").replace("Weather is what", "Climate is what")
    (tmp_path / "later.html").write_text(later, encoding="utf-8")
    import_thread(tmp_path / "later.html")
    assert "Climate is what" in User.objects.get(username="Asha").signature_html


def page_with_posts(count):
    """xf1_default.html's first post repeated as posts #1 to #count, by as many members."""
    text = PAGE_1.read_text(encoding="utf-8")
    start, end = text.index('<li id="post-1001"'), text.index('<li id="post-1003"')
    one = text[start:end]
    posts = "".join(
        one.replace("post-1001", f"post-{2000 + n}")
        .replace(">#1<", f">#{n}<")
        .replace('data-author="Asha"', f'data-author="Member{n}"')
        .replace(">Asha<", f">Member{n}<")
        for n in range(1, count + 1)
    )
    return text[:start] + posts + text[text.index("</ol>") :]


@pytest.mark.parametrize("count", [2, 20])
def test_an_imported_page_of_posts_costs_a_fixed_number_of_queries(
    client, tmp_path, count, django_assert_max_num_queries
):
    (tmp_path / "page.html").write_text(page_with_posts(count), encoding="utf-8")
    import_thread(tmp_path / "page.html")
    assert Post.objects.count() == count
    url = Thread.objects.get().get_absolute_url()
    # Thread, its starter, posts with their authors' and their own source facts, the gaps: as
    # the seed's page (tests/test_queries.py).
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert "Liked on the source forum" in response.content.decode()


def test_a_name_and_a_banner_longer_than_the_fields_hold_are_clipped_with_warnings(tmp_path):
    long_name, long_banner = "N" * 160, "Premium Supporting Member " * 3
    text = (
        PAGE_1.read_text(encoding="utf-8")
        .replace('data-author="Ravi"', f'data-author="{long_name}"')
        .replace(
            '<em class="userTitle" itemprop="title">New Member</em>',
            f'<em class="userBanner"><strong>{long_banner}</strong></em>',
        )
    )
    (tmp_path / "long.html").write_text(text, encoding="utf-8")
    _, stderr = import_thread(tmp_path / "long.html")
    member = Post.objects.get(position=3).author
    assert (len(member.imported_name), len(member.imported_banner)) == (150, 50)
    assert "the username is 160 characters long; clipped to 150" in stderr
    assert "the banner is 77 characters long; clipped to 50" in stderr
