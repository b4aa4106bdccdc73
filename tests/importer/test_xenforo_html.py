"""Saved XenForo 1 and 2 thread pages, read by the HTML reader (no database)."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from forum.importer.structure import DumpError
from forum.importer.xenforo_html import parse_html_page

PAGES = Path(__file__).parent / "pages"


def page(name):
    return parse_html_page((PAGES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def xf1():
    return page("xf1_default.html")


@pytest.fixture(scope="module")
def xf2():
    return page("xf2.html")


# XenForo 1, default style.


def test_xf1_thread_title_board_starter_and_start_day(xf1):
    assert (xf1.title, xf1.board, xf1.starter, xf1.started_on) == (
        "Monsoon arrives early in Kerala",
        "Weather Watch",
        "Asha",
        date(2018, 6, 1),
    )


def test_xf1_page_nav_gives_the_page_and_the_last_page(xf1):
    assert (xf1.page, xf1.last_page) == (1, 2)


def test_xf1_posts_keep_their_source_numbers_with_the_gap(xf1):
    assert [post.position for post in xf1.posts] == [1, 3]


def test_xf1_author_facts_come_from_the_user_info_pairs(xf1):
    asha = xf1.posts[0].author
    assert (asha.title, asha.joined_on, asha.message_count, asha.likes_received, asha.location) == (
        "Rain Chaser",
        date(2009, 3, 24),
        12345,
        1204,
        "Kochi, India",
    )


def test_xf1_role_banner_and_staff_banner_are_kept_apart(xf1):
    asha = xf1.posts[0].author
    assert (asha.banner, asha.other_banners) == ("Administrator", ("Staff Member",))


def test_xf1_abbr_data_time_is_the_exact_utc_time(xf1):
    post = xf1.posts[0]
    assert (post.posted_at, post.time_known) == (datetime(2018, 6, 1, 8, 5, tzinfo=UTC), True)


def test_xf1_span_title_gives_the_time_too(xf1):
    assert xf1.posts[1].posted_at == datetime(2018, 6, 1, 10, 30, tzinfo=UTC)


def test_xf1_body_keeps_emphasis_lists_links_and_escaped_text(xf1):
    assert xf1.posts[0].body == (
        "The monsoon reached **Kerala** three days early this year.\n\n"
        "Sources:\n\n"
        "- IMD bulletin\n"
        "- [Press release](https://example.org/imd)\n\n"
        "Rainfall so far: 120 mm \\& rising :)"
    )


def test_xf1_quote_names_its_author_and_source_post(xf1):
    assert xf1.posts[1].body.startswith(
        '[quote="Asha, source:1001"]\nThe monsoon reached **Kerala** three days early this year.'
        "\n[/quote]"
    )


def test_xf1_code_block_becomes_a_fence_without_its_caption(xf1):
    assert xf1.posts[1].body.endswith("```\nrain = 120  # mm\n```")


def test_xf1_likes_line_gives_names_and_the_others_count(xf1):
    post = xf1.posts[0]
    assert (post.likers, post.other_likes) == (["Ravi", "Meera"], 7)


def test_xf1_post_without_likes_has_no_likes_line(xf1):
    assert xf1.posts[1].other_likes is None


def test_xf1_edit_note_and_date(xf1):
    post = xf1.posts[0]
    assert post.edit_note == "Last edited by a moderator: Jun 2, 2018"
    assert post.edited_at == datetime(2018, 6, 2, 9, 0, tzinfo=UTC)


def test_xf1_signature_is_kept_apart_from_the_body(xf1):
    post = xf1.posts[0]
    assert post.signature == "Weather is what you get."
    assert "Weather is what" not in post.body


# XenForo 1, a customised style and a logged-in save.


def test_customised_style_finds_the_date_and_number_moved_above_the_post():
    thread = page("xf1_customised.html")
    assert [(p.position, p.posted_at.hour) for p in thread.posts] == [(1, 12), (2, 13)]


def test_customised_style_without_joined_leaves_the_join_date_unknown():
    author = page("xf1_customised.html").posts[0].author
    assert (author.joined_on, author.message_count) == (None, 88)


def test_customised_style_skips_the_sponsor_block_with_a_warning():
    thread = page("xf1_customised.html")
    assert [p.author.source_name for p in thread.posts] == ["Orion", "Vega"]
    assert any("skipped a block with no author after post #1" in w.message for w in thread.warnings)


def test_logged_in_you_in_the_likes_line_is_the_saving_member():
    post = page("xf1_logged_in.html").posts[0]
    assert (sorted(post.likers), post.other_likes) == (["Ana", "Ben", "Mira"], 0)


def test_logged_in_controls_do_not_reach_the_body():
    assert page("xf1_logged_in.html").posts[0].body == "My starter smells of acetone."


# XenForo 2.


def test_xf2_thread_title_board_and_starter(xf2):
    assert (xf2.title, xf2.board, xf2.starter, xf2.started_on) == (
        "Rust vs Go for a CLI",
        "Languages",
        "Kai",
        date(2021, 3, 4),
    )


def test_xf2_posts_are_numbered_by_their_permalink(xf2):
    assert [post.position for post in xf2.posts] == [21, 22]


def test_xf2_current_page_and_last_page(xf2):
    assert (xf2.page, xf2.last_page) == (2, 2)


def test_xf2_member_facts_with_reaction_score_as_likes(xf2):
    kai = xf2.posts[0].author
    assert (kai.title, kai.joined_on, kai.message_count, kai.likes_received, kai.location) == (
        "Gopher",
        date(2019, 6, 9),
        2048,
        512,
        "Oslo",
    )


def test_xf2_staff_member_banner_is_not_a_role_banner(xf2):
    kai = xf2.posts[0].author
    assert (kai.banner, kai.other_banners) == ("", ("Staff member",))


def test_xf2_time_element_is_exact(xf2):
    assert xf2.posts[0].posted_at == datetime(2021, 3, 5, 8, 30, tzinfo=UTC)


def test_xf2_body_with_quote_inline_code_and_link(xf2):
    assert xf2.posts[0].body.startswith('[quote="Lin, source:7001"]\nGo compiles faster.\n[/quote]')
    assert "True, but `cargo` is nicer." in xf2.posts[0].body
    assert "[the benchmark](https://example.com/bench)" in xf2.posts[0].body


def test_xf2_reactions_bar_names_and_others(xf2):
    assert (xf2.posts[0].likers, xf2.posts[0].other_likes) == (["Lin", "Sam"], 3)


def test_xf2_last_edit_and_signature(xf2):
    post = xf2.posts[0]
    assert post.edit_note == "Last edited: Mar 5, 2021"
    assert post.signature == "Kai — **gopher** since 2012"


# Refusals.


def xf2_page(template, body=""):
    return (
        f'<!DOCTYPE html><html data-app="public" data-template="{template}"><head>'
        f"<title>x</title></head><body><div class='p-body'>{body}</div></body></html>"
    )


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (xf2_page("forum_list"), "a XenForo 2 forum list, not a thread"),
        (xf2_page("member_view"), "a XenForo 2 member page, not a thread"),
        (
            xf2_page("thread_view", "<h1>T</h1>"),
            "a XenForo 2 page with no posts after the thread header",
        ),
        (
            '<html><head><meta name="generator" content="phpBB"></head><body>x</body></html>',
            "a phpBB page, not a XenForo thread",
        ),
        (
            "<html><head><title>Cats</title></head><body><p>Hi</p></body></html>",
            "an HTML page (titled 'Cats') that is not a XenForo thread",
        ),
    ],
)
def test_pages_that_are_not_threads_are_refused_saying_what_they_are(text, words):
    with pytest.raises(DumpError) as error:
        parse_html_page(text)
    assert words in str(error.value)


def test_a_truncated_page_is_refused_naming_the_last_post():
    text = (PAGES / "xf2.html").read_text(encoding="utf-8")
    cut = text[: text.index('data-content="post-7022"') + 200]
    with pytest.raises(DumpError) as error:
        parse_html_page(cut)
    assert "the page is truncated: it stops after page 2, post by Lin" in str(error.value)


# Anomalies that are warnings, not refusals.


def test_xf1_a_gap_in_the_numbers_is_a_warning_naming_the_post(xf1):
    assert any(
        w.where == "page 1, post #3" and "jump to #3: 1 post(s)" in w.message for w in xf1.warnings
    )


def test_a_title_too_long_is_clipped_with_a_warning():
    text = (PAGES / "xf2.html").read_text(encoding="utf-8")
    text = text.replace("Rust vs Go for a CLI</h1>", "R" * 250 + "</h1>")
    thread = parse_html_page(text)
    assert len(thread.title) == 200
    assert any("the thread title is 250 characters long" in w.message for w in thread.warnings)


def test_xf2_facts_labelled_by_icons_are_read_from_their_title():
    text = (PAGES / "xf2.html").read_text(encoding="utf-8")
    text = text.replace(
        "<dt>Messages</dt>", '<dt title="Messages"><i class="fa-comments"></i></dt>'
    )
    assert parse_html_page(text).posts[0].author.message_count == 2048


def test_xf2_a_deleted_message_is_skipped_with_a_warning():
    text = (PAGES / "xf2.html").read_text(encoding="utf-8")
    text = text.replace(
        'class="message message--post js-post" data-author="Lin"',
        'class="message message--post message--deleted" data-author="Lin"',
    )
    thread = parse_html_page(text)
    assert [post.position for post in thread.posts] == [21]
    assert any("skipped a deleted or authorless message" in w.message for w in thread.warnings)


def test_logged_out_you_in_the_likes_line_counts_as_one_of_the_others():
    text = (PAGES / "xf1_logged_in.html").read_text(encoding="utf-8")
    text = text.replace('<a href="members/mira.5/" class="concealed accountUsername">Mira</a>', "")
    post = parse_html_page(text).posts[0]
    assert (post.likers, post.other_likes) == (["Ana", "Ben"], 1)


def test_relative_links_and_images_become_absolute_from_the_base_address():
    text = (PAGES / "xf1_default.html").read_text(encoding="utf-8")
    text = text.replace("<head>", '<head><base href="https://weather.example/community/" />')
    text = text.replace(
        "Good news for the farmers.", 'Good news <img src="attachments/map.png" alt="map" />'
    )
    body = parse_html_page(text).posts[1].body
    assert "![map](https://weather.example/community/attachments/map.png)" in body


def test_attached_files_are_named_in_a_warning():
    text = (PAGES / "xf1_default.html").read_text(encoding="utf-8")
    text = text.replace(
        '<div class="messageMeta ToggleTriggerAnchor">',
        '<div class="attachedFiles"><ul><li class="attachment"><a>rain.pdf</a></li></ul></div>'
        '<div class="messageMeta ToggleTriggerAnchor">',
        1,
    )
    thread = parse_html_page(text)
    assert any(
        w.where == "page 1, post #1" and w.message == "1 attached file(s) not imported: rain.pdf"
        for w in thread.warnings
    )


def test_a_poll_is_named_in_a_warning():
    text = (PAGES / "xf2.html").read_text(encoding="utf-8")
    text = text.replace(
        '<div class="pageNav">', '<div class="block block--poll">Poll</div><div class="pageNav">'
    )
    thread = parse_html_page(text)
    assert any(w.message == "the thread's poll is not imported" for w in thread.warnings)


LOCALISED_XF1 = """<!DOCTYPE html><html><head><title>Winter tyres | Forum</title></head><body>
<h1>Winter tyres</h1>
<p id="pageDescription">Discussion in '<a href="forums/5/">Cars</a>' started by
<a href="members/1/" class="username">Lin</a>, 2017-08-27.</p>
<ol id="messageList" class="messageList">
<li id="post-10" class="message" data-author="Lin">
<div class="messageUserInfo"><h3 class="userText"><a class="username" href="members/1/">Lin</a>
<em class="userTitle">Member</em></h3>
<div class="extraUserInfo">
<dl class="pairsJustified"><dt>注册:</dt><dd>2008-05-01</dd></dl>
<dl class="pairsJustified"><dt>帖子:</dt><dd>1,123</dd></dl>
</div></div>
<div class="messageInfo"><div class="messageContent"><article>
<blockquote class="messageText">Which tyres for Ottawa?</blockquote></article></div>
<div class="messageMeta"><a class="datePermalink" href="threads/9/#post-10">
<abbr class="DateTime" data-time="1503849232">Aug 27, 2017</abbr></a>
<a class="postNumber" href="threads/9/#post-10">#1</a></div></div></li>
</ol></body></html>"""


def test_facts_under_labels_the_reader_does_not_know_are_a_warning_naming_them():
    thread = parse_html_page(LOCALISED_XF1)

    assert thread.posts[0].author.message_count is None
    [warning] = [w for w in thread.warnings if "facts left unknown" in w.message]
    assert "注册" in warning.message and "帖子" in warning.message
    assert warning.where == "post post-10"  # the id the page gives the post
