"""Chromium's text of a XenForo thread page (no database)."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from forum.importer.browser_text import looks_like_browser_text, parse_browser_text
from forum.importer.structure import DumpError

PAGE = (Path(__file__).parent / "pages" / "chromium_xf1.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def thread():
    return parse_browser_text(PAGE)


def messages(thread):
    return [f"{warning.where}: {warning.message}" for warning in thread.warnings]


def test_chromium_text_is_recognised():
    assert looks_like_browser_text(PAGE)


def test_the_thread_is_found_by_its_discussion_line_past_the_site_chrome(thread):
    assert (thread.title, thread.board, thread.starter, thread.started_on) == (
        "Best budget telescope?",
        "Gear Talk",
        "Orion",
        date(2015, 1, 1),
    )


def test_page_of_gives_the_page_and_the_last_page(thread):
    assert (thread.page, thread.last_page) == (1, 135)


def test_posts_are_numbered_by_their_footer(thread):
    assert [(p.position, p.author.source_name) for p in thread.posts] == [
        (1, "Orion"),
        (3, "Vega"),
        (4, "Lyra"),
    ]


def test_a_run_together_header_gives_title_and_banners(thread):
    orion = thread.posts[0].author
    assert (orion.title, orion.banner, orion.other_banners) == (
        "Stargazer",
        "Administrator",
        ("Staff Member",),
    )


def test_label_then_value_facts(thread):
    orion = thread.posts[0].author
    assert (orion.joined_on, orion.message_count, orion.likes_received, orion.location) == (
        date(2009, 3, 24),
        1234,
        567,
        "Tucson, AZ",
    )


def test_a_footer_date_without_time_gives_the_day_only(thread):
    post = thread.posts[0]
    assert (post.posted_at, post.time_known) == (datetime(2015, 1, 1, tzinfo=UTC), False)


def test_the_body_keeps_paragraphs_and_escapes_markup(thread):
    assert thread.posts[0].body == "Which one under $300?\n\nI have seen \\*many\\* reviews."


def test_the_likes_line_after_the_footer(thread):
    assert (thread.posts[0].likers, thread.posts[0].other_likes) == (["Vega", "Lyra"], 7)


def test_said_quotes_link_to_the_quoted_post(thread):
    assert thread.posts[1].body.startswith('[quote="Orion, post:1"]\nWhich one under $300?')


def test_short_name_arrow_quotes_link_to_the_quoted_post(thread):
    assert thread.posts[2].body.startswith('[quote="Vega, post:3"]')


def test_a_sponsor_block_is_skipped_with_a_warning(thread):
    assert "Buy AstroScopes" not in thread.posts[1].body
    assert any("post #3: skipped 2 line(s)" in message for message in messages(thread))


def test_relative_days_without_a_save_date_are_unknown_with_a_warning(thread):
    assert [p.posted_at for p in thread.posts[1:]] == [None, None]
    assert "post #4: day unknown: 'Monday at 8:00 AM' is relative" in " ".join(messages(thread))


def test_relative_days_are_dated_from_the_save_date():
    thread = parse_browser_text(PAGE, saved_on=date(2015, 1, 8))  # a Thursday
    assert [p.posted_at for p in thread.posts[1:]] == [
        datetime(2015, 1, 7, 21, 14, tzinfo=UTC),
        datetime(2015, 1, 5, 8, 0, tzinfo=UTC),
    ]


def test_the_poll_is_named_in_a_warning(thread):
    assert "the thread: the thread's poll is not imported" in messages(thread)


def test_the_chrome_after_the_posts_is_not_a_post(thread):
    assert "log in or sign up" not in thread.posts[-1].body


def test_text_with_a_discussion_line_but_no_footers_is_refused():
    text = "Title\nDiscussion in 'B' started by A, Jan 1, 2015.\nNothing else\n"
    with pytest.raises(DumpError) as error:
        parse_browser_text(text)
    assert "no posts after the thread header" in str(error.value)


def test_a_body_that_starts_like_a_label_stays_text():
    text = PAGE.replace("Agreed.", "Sources:\nthe manual")
    post = parse_browser_text(text).posts[2]
    assert post.body.endswith("Sources:\\\nthe manual")
    assert post.author.joined_on == date(2012, 5, 5)


def test_a_logged_in_footer_with_controls_after_the_date_and_on_lines_of_their_own():
    text = PAGE.replace(
        "Orion, Jan 1, 2015\n#1\nLike Reply\n", "Orion, Jan 1, 2015 Edit Report\n#1\nLike\nReply\n"
    )
    thread = parse_browser_text(text)
    assert [p.position for p in thread.posts] == [1, 3, 4]
    assert thread.posts[0].likers == ["Vega", "Lyra"]
    assert not any(
        "skipped" in w.message and w.where == "post #3" and "Reply" in w.message
        for w in thread.warnings
    )
