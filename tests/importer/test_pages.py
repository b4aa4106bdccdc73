"""Telling a page's format from its content, and joining pages (no database)."""

from pathlib import Path

import pytest

from forum.importer.pages import join_pages, read_page
from forum.importer.structure import DumpError
from tests.importer.dumps import SEED_PATH

PAGES = Path(__file__).parent / "pages"


@pytest.mark.parametrize(
    ("path", "source_format"),
    [
        (SEED_PATH, "Firefox text"),
        (PAGES / "chromium_xf1.txt", "Chromium text"),
        (PAGES / "xf1_default.html", "XenForo 1 HTML"),
        (PAGES / "xf2.html", "XenForo 2 HTML"),
    ],
)
def test_the_format_is_told_from_the_content(path, source_format):
    assert read_page(Path(path).read_bytes()).source_format == source_format


def test_a_page_named_txt_holding_html_is_read_as_html(tmp_path):
    raw = (PAGES / "xf2.html").read_bytes()
    assert read_page(raw).source_format == "XenForo 2 HTML"


def test_text_of_another_kind_is_refused_saying_how_it_starts():
    with pytest.raises(DumpError) as error:
        read_page(b"Welcome to my blog\nToday I baked bread.\n")
    assert "text that is not a XenForo thread" in str(error.value)
    assert "it starts 'Welcome to my blog'" in str(error.value)


def test_binary_bytes_are_refused():
    with pytest.raises(DumpError) as error:
        read_page(b"PK\x03\x04\x00\x00")
    assert "a ZIP archive, not a saved thread page" in str(error.value)


def pages(*names):
    return [(name, read_page((PAGES / name).read_bytes())) for name in names]


def test_joined_pages_keep_an_overlapping_post_once():
    joined = join_pages(pages("xf1_default_page2.html", "xf1_default.html"))
    assert [post.position for post in joined.posts] == [1, 3, 4]


def test_a_quote_of_a_post_on_no_page_of_the_run_waits_for_the_writer():
    joined = join_pages(pages("xf2.html"))
    assert joined.posts[0].body.startswith('[quote="Lin, source:7001"]\n')


def test_a_quote_of_an_imported_post_names_its_number():
    joined = join_pages(pages("xf2.html"))
    assert joined.posts[1].body.startswith('[quote="Kai, post:21"]\n')


def test_pages_of_two_threads_are_refused():
    with pytest.raises(DumpError) as error:
        join_pages(pages("xf1_default.html", "xf2.html"))
    assert "xf2.html is a page of “Rust vs Go for a CLI”" in str(error.value)


def test_firefox_text_with_site_chrome_and_footers_is_read_by_its_discussion_line():
    thread = read_page((PAGES / "firefox_xf1_default.txt").read_bytes())
    assert (thread.title, thread.board, thread.source_format) == (
        "Sourdough starter help",
        "Bread",
        "Firefox text",
    )
    assert [(p.position, p.author.source_name) for p in thread.posts] == [(1, "Tom"), (2, "Ana")]
    ana = thread.posts[1].author
    assert (ana.title, ana.banner, ana.other_banners, ana.message_count) == (
        "Crumb Queen",
        "Moderator",
        ("Staff Member",),
        9876,
    )
    assert thread.posts[0].body == "My starter smells of acetone.\n\nIs it dead?"
    assert thread.posts[1].body.startswith('[quote="Tom, post:1"]')
    assert (thread.posts[0].likers, thread.posts[0].other_likes) == (["Ana", "Ben"], 0)


def test_the_text_of_a_xenforo_2_thread_is_refused_asking_for_its_html():
    text = b"Rust vs Go\nThread starter Kai\nStart date Mar 4, 2021\nKai\nHello\n"
    with pytest.raises(DumpError) as error:
        read_page(text)
    assert "the text of a XenForo 2 thread" in str(error.value)
    assert "save the page as HTML" in str(error.value)
