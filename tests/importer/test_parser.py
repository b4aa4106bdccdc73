"""The XenForo dump parser on strings: the seed's facts, what real dumps add, and bad input."""

import html
import re
from datetime import date, datetime
from html.parser import HTMLParser

import pytest

from forum.importer.parser import DumpError, parse_thread_dump
from forum.markup import render_post_body
from tests.importer.dumps import FOOTER, SEED_PATH, TITLE, dump, line_of, post


@pytest.fixture(scope="module")
def seed_text():
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text):
    return parse_thread_dump(seed_text)


def author_of(parsed, username):
    return next(p.author for p in parsed.posts if p.author.username == username)


def post_by(parsed, username):
    return next(p for p in parsed.posts if p.author.username == username)


def warning_messages(parsed):
    return [(warning.line, warning.message) for warning in parsed.warnings]


def paragraph_texts(rendered):
    """What a reader sees of each paragraph of rendered HTML."""
    return [
        html.unescape(re.sub(r"<[^>]+>", "", paragraph))
        for paragraph in re.findall(r"<p>(.*?)</p>", rendered, re.DOTALL)
    ]


class _StartTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def start_tags(rendered):
    collector = _StartTags()
    collector.feed(rendered)
    return collector.tags


def single_body(text):
    return parse_thread_dump(text).posts[0].body


# The seed: every fact the issue lists.


def test_the_seed_thread_is_in_the_board_europe_and_russia(seed):
    assert seed.board == "Europe and Russia"


def test_the_seed_thread_keeps_its_title(seed):
    assert seed.title == "Vladimir Putin announces Russia-led Central Asian military force"


def test_the_seed_thread_was_started_by_yusuf_on_oct_17_2015(seed):
    assert (seed.starter, seed.started_on) == ("Yusuf", date(2015, 10, 17))


def test_the_seed_has_seven_posts_in_source_order(seed):
    assert [p.author.username for p in seed.posts] == [
        "Yusuf",
        "apple",
        "anoop_mig25",
        "pmaitra",
        "SADAKHUSH",
        "tarunraju",
        "Alien",
    ]


def test_the_seed_posts_keep_their_source_numbers_and_none_where_the_line_is_missing(seed):
    assert [p.number for p in seed.posts] == [1, 3, 4, 5, None, 7, 8]


def test_the_seed_posts_are_numbered_here_as_in_the_source_with_the_unnumbered_one_as_6(seed):
    assert [p.position for p in seed.posts] == [1, 3, 4, 5, 6, 7, 8]


def test_sadakhushs_post_is_numbered_6_between_5_and_7_with_a_warning(seed, seed_text):
    assert (
        line_of(seed_text, "SADAKHUSH Senior Member Senior Member"),
        "a post has no number line; it is numbered #6, between #5 and #7",
    ) in warning_messages(seed)


@pytest.mark.parametrize(
    ("username", "banner", "title"),
    [
        ("Yusuf", "Administrator", "GUARDIAN"),
        ("apple", "", "Regular Member"),
        ("anoop_mig25", "Senior Member", "Senior Member"),
        ("pmaitra", "Moderator", "Moderator"),
        ("SADAKHUSH", "Senior Member", "Senior Member"),
        ("tarunraju", "Moderator", "Sanathan Pepe"),
        ("Alien", "", "Regular Member"),
    ],
)
def test_each_seed_member_has_the_banner_and_title_of_the_member_line(
    seed, username, banner, title
):
    author = author_of(seed, username)
    assert (author.banner, author.title) == (banner, title)


@pytest.mark.parametrize(
    ("username", "joined_on"),
    [
        ("Yusuf", date(2009, 3, 24)),
        ("apple", date(2011, 3, 15)),
        ("anoop_mig25", date(2009, 8, 17)),
        ("pmaitra", date(2009, 3, 10)),
        ("SADAKHUSH", date(2010, 9, 7)),
        ("tarunraju", date(2009, 9, 18)),
        ("Alien", date(2015, 5, 20)),
    ],
)
def test_each_seed_member_has_the_join_date_shown(seed, username, joined_on):
    assert author_of(seed, username).joined_on == joined_on


def test_pmaitras_location_is_est_usa(seed):
    assert author_of(seed, "pmaitra").location == "EST, USA"


def test_no_other_seed_member_gets_a_location(seed):
    assert {p.author.username for p in seed.posts if p.author.location} == {"pmaitra"}


def test_no_seed_member_gets_an_invented_likes_count(seed):
    assert [p.author.likes_received for p in seed.posts] == [None] * 7


def test_pmaitras_lost_post_text_stays_empty(seed):
    lost = post_by(seed, "pmaitra")
    assert (lost.body, lost.text_lost) == ("", True)


def test_pmaitras_lost_post_text_is_a_warning_at_his_number_line(seed, seed_text):
    assert (
        line_of(seed_text, "5. pmaitra"),
        "the post by pmaitra has no text in the dump",
    ) in warning_messages(seed)


def test_pmaitras_location_taken_from_an_otherwise_empty_post_is_a_warning(seed, seed_text):
    line = line_of(seed_text, "EST, USA")
    assert any(warning.line == line and "location" in warning.message for warning in seed.warnings)


def test_sadakhushs_missing_number_line_is_a_warning_at_his_member_line(seed, seed_text):
    assert (
        line_of(seed_text, "SADAKHUSH Senior Member Senior Member"),
        "a post has no number line; its author is taken to be SADAKHUSH",
    ) in warning_messages(seed)


def test_the_seeds_jump_from_post_1_to_post_3_is_a_warning_at_the_number_line(seed, seed_text):
    assert (
        line_of(seed_text, "3. apple"),
        "post numbers jump to #3: 1 post(s) before it are not in the dump",
    ) in warning_messages(seed)


def test_the_seed_gives_exactly_its_five_warnings_in_line_order(seed):
    assert [warning.line for warning in seed.warnings] == sorted(
        warning.line for warning in seed.warnings
    )
    assert len(seed.warnings) == 5


def test_every_paragraph_of_yusufs_post_survives_in_order(seed, seed_text):
    lines = seed_text.split("\n")
    first = line_of(seed_text, "Likes Received:")  # Yusuf's; his body follows it
    last = line_of(seed_text, "3. apple") - 1
    source_paragraphs = [line.strip() for line in lines[first:last] if line.strip()]

    shown = paragraph_texts(render_post_body(post_by(seed, "Yusuf").body))

    assert len(source_paragraphs) == 28
    assert shown == source_paragraphs


def test_yusufs_curly_quotes_and_apostrophes_survive(seed):
    body = post_by(seed, "Yusuf").body
    assert "fears of Taliban “spillover” from Afghanistan" in body
    assert "“5000 to 7000”" in body
    assert "Russian president’s new military assertiveness" in body


def test_yusufs_tapatalk_signature_is_his_posts_last_paragraph(seed):
    assert post_by(seed, "Yusuf").body.split("\n\n")[-1] == "Sent from my iPhone using Tapatalk"


# What real dumps contain beyond the seed.


@pytest.mark.parametrize(("shown", "count"), [("1,204", 1204), ("7", 7), ("12,345,678", 12345678)])
def test_the_line_after_likes_received_is_the_members_likes_count(shown, count):
    parsed = parse_thread_dump(dump(post("Alice", "Hello there.", likes=shown)))
    assert parsed.posts[0].author.likes_received == count
    assert parsed.posts[0].body == "Hello there."


def test_a_location_line_before_the_body_becomes_the_members_location():
    parsed = parse_thread_dump(dump(post("Alice", "Hello there.", location="Berlin, Germany")))
    assert parsed.posts[0].author.location == "Berlin, Germany"
    assert parsed.posts[0].body == "Hello there."
    assert parsed.warnings == []


def test_a_location_after_a_likes_count_is_read_too():
    parsed = parse_thread_dump(
        dump(post("Alice", "Hello there.", likes="1,204", location="Mumbai"))
    )
    author = parsed.posts[0].author
    assert (author.likes_received, author.location, parsed.posts[0].body) == (
        1204,
        "Mumbai",
        "Hello there.",
    )


def test_a_short_first_paragraph_is_not_taken_for_a_location():
    parsed = parse_thread_dump(dump(post("Alice", "Hello everyone", "", "Here is my point.")))
    assert parsed.posts[0].author.location == ""
    assert parsed.posts[0].body == "Hello everyone\n\nHere is my point."


def test_a_greeting_ending_with_a_comma_is_not_taken_for_a_location():
    parsed = parse_thread_dump(dump(post("Alice", "Yusuf,", "where is this from?")))
    assert parsed.posts[0].author.location == ""
    assert paragraph_texts(render_post_body(parsed.posts[0].body)) == [
        "Yusuf,\nwhere is this from?"
    ]


def test_lines_of_one_paragraph_keep_their_line_breaks():
    body = single_body(dump(post("Alice", "First line.", "Second line.")))
    assert render_post_body(body) == "<p>First line.<br>\nSecond line.</p>"


def test_a_quote_of_an_earlier_post_is_attributed_to_that_post():
    parsed = parse_thread_dump(
        dump(
            post("Alice", "Putin wants a task force.", "", "Nobody asked."),
            post(
                "Bob",
                "Alice said: ↑",
                "Putin wants a task force.",
                "Click to expand...",
                "I disagree.",
                number=2,
            ),
        )
    )
    assert parsed.posts[1].body == (
        '[quote="Alice, post:1"]\nPutin wants a task force.\n[/quote]\n\nI disagree.'
    )


def test_a_quote_whose_post_is_not_in_the_dump_names_only_its_author():
    parsed = parse_thread_dump(
        dump(
            post("Alice", "Hello."),
            post("Bob", "Carol said: ↑", "Words not in this dump.", "Click to expand...", number=2),
        )
    )
    assert parsed.posts[1].body == '[quote="Carol"]\nWords not in this dump.\n[/quote]'


def test_a_quoted_post_is_named_by_its_source_number_which_it_keeps_here():
    parsed = parse_thread_dump(
        dump(
            post("Alice", "Opening words."),
            post("Bob", "Some reply.", number=5),
            post("Alice", "Later words.", number=9),
            post("Bob", "Alice said: ↑", "Later words.", "Click to expand...", "Yes.", number=12),
        )
    )
    assert parsed.posts[2].position == 9
    assert parsed.posts[3].body.startswith('[quote="Alice, post:9"]')


def test_a_quote_of_a_post_without_number_line_names_the_number_it_gets():
    parsed = parse_thread_dump(
        dump(
            post("Alice", "Opening words."),
            post("Bob", "Unnumbered words.", number=None),
            post("Alice", "Bob said: ↑", "Unnumbered words.", "Click to expand...", number=3),
        )
    )
    assert parsed.posts[2].body.startswith('[quote="Bob, post:2"]')


def test_an_imported_quote_renders_as_a_blockquote_linked_to_the_quoted_post():
    parsed = parse_thread_dump(
        dump(
            post("Alice", "Putin wants a task force."),
            post(
                "Bob", "Alice said: ↑", "Putin wants a task force.", "Click to expand...", number=2
            ),
        )
    )
    rendered = render_post_body(parsed.posts[1].body)
    assert rendered.startswith('<blockquote class="quote">')
    assert re.search(r'<a [^>]*href="post-1/"[^>]*>Alice said:</a>', rendered)
    assert "<p>Putin wants a task force.</p>" in rendered


def test_a_quote_that_never_ends_is_kept_as_text_with_a_warning():
    text = dump(post("Alice", "Hello."), post("Bob", "Alice said: ↑", "Hello.", "Mine.", number=2))
    parsed = parse_thread_dump(text)
    assert "[quote" not in parsed.posts[1].body
    assert paragraph_texts(render_post_body(parsed.posts[1].body)) == [
        "Alice said: ↑\nHello.\nMine."
    ]
    assert warning_messages(parsed) == [
        (
            line_of(text, "Alice said: ↑"),
            "'Alice said: ↑' opens a quote that never ends with 'Click to expand...'; kept as text",
        )
    ]


def test_a_last_edited_line_leaves_the_body_and_sets_the_edit_date():
    parsed = parse_thread_dump(dump(post("Alice", "Hello there.", "", "Last edited: Oct 18, 2015")))
    assert parsed.posts[0].body == "Hello there."
    assert parsed.posts[0].edited_at == datetime(2015, 10, 18)


def test_a_moderators_edit_line_with_a_time_sets_the_edit_date_and_time():
    parsed = parse_thread_dump(
        dump(post("Alice", "Hello there.", "Last edited by a moderator: Oct 18, 2015 at 4:20 PM"))
    )
    assert parsed.posts[0].body == "Hello there."
    assert parsed.posts[0].edited_at == datetime(2015, 10, 18, 16, 20)


def test_a_post_without_an_edit_line_has_no_edit_date():
    assert parse_thread_dump(dump(post("Alice", "Hello."))).posts[0].edited_at is None


def test_a_tapatalk_signature_in_a_reply_is_kept_as_text():
    parsed = parse_thread_dump(
        dump(
            post("Alice", "Hello."),
            post("Bob", "Agreed.", "", "Sent from my SM-G920F using Tapatalk", number=2),
        )
    )
    assert parsed.posts[1].body == "Agreed.\n\nSent from my SM-G920F using Tapatalk"


@pytest.mark.parametrize("username", ["Jürgen", "Иван", "山田", "José.María"])
def test_non_ascii_usernames_are_kept_as_written(username):
    parsed = parse_thread_dump(
        dump(
            post(username, "Hello.", member=f"{username} Senior Member Senior Member"),
            discussion=f"Discussion in 'General' started by {username}, Oct 17, 2015.",
        )
    )
    assert parsed.starter == username
    assert parsed.posts[0].author.username == username
    assert parsed.posts[0].author.banner == "Senior Member"
    assert parsed.warnings == []


def test_a_non_ascii_author_without_number_line_is_found_by_an_earlier_number_line():
    parsed = parse_thread_dump(
        dump(
            post("José María", "Hola."),
            post("Bob", "Hi."),
            post("José María", "Otra vez.", number=None, member="José María Regular Member"),
        )
    )
    assert parsed.posts[2].author.source_name == "José María"
    assert parsed.posts[2].author.title == "Regular Member"


@pytest.mark.parametrize(
    "typed",
    ["<script>alert(1)</script>", "Make it <b>bold</b> please", '<img src=x onerror="alert(1)">'],
)
def test_text_that_looks_like_html_is_escaped_in_the_markup(typed):
    body = single_body(dump(post("Alice", typed)))
    assert "<" not in body.replace("\\<", "")
    assert ">" not in body.replace("\\>", "")


@pytest.mark.parametrize(
    "typed",
    ["<script>alert(1)</script>", "Make it <b>bold</b> please", '<img src=x onerror="alert(1)">'],
)
def test_text_that_looks_like_html_is_shown_as_text_not_as_elements(typed):
    rendered = render_post_body(single_body(dump(post("Alice", typed))))
    assert start_tags(rendered) == ["p"]
    assert paragraph_texts(rendered) == [typed]


@pytest.mark.parametrize(
    "typed",
    [
        "1. item",
        "2) item",
        "# title",
        "- dash",
        "+ plus",
        "> not a quote",
        "*stars*",
        "_underscores_",
        "**strong**",
        "[a](b)",
        "![img](x.png)",
        "`code`",
        "~~struck~~",
        "| a | b |",
        "a \\ backslash",
        "***",
    ],
)
def test_markdown_looking_text_is_shown_exactly_as_typed(typed):
    rendered = render_post_body(single_body(dump(post("Alice", typed))))
    assert paragraph_texts(rendered) == [typed]


def test_ampersands_are_escaped_so_that_entities_stay_as_typed_in_the_markup():
    assert single_body(dump(post("Alice", "AT&amp;T &copy; Q&A"))) == ("AT\\&amp;T \\&copy; Q\\&A")


def test_entities_typed_in_a_post_are_shown_as_typed():
    rendered = render_post_body(single_body(dump(post("Alice", "AT&amp;T &copy;"))))
    assert paragraph_texts(rendered) == ["AT&amp;T &copy;"]


def test_a_line_that_would_underline_a_heading_stays_text():
    rendered = render_post_body(single_body(dump(post("Alice", "Hello.", "", "Title", "==="))))
    assert paragraph_texts(rendered) == ["Hello.", "Title\n==="]


def test_a_skipped_post_number_is_a_warning_naming_its_line():
    text = dump(post("Alice", "Hello."), post("Bob", "Hi.", number=5))
    parsed = parse_thread_dump(text)
    assert [(p.number, p.position) for p in parsed.posts] == [(1, 1), (5, 5)]
    assert warning_messages(parsed) == [
        (
            line_of(text, "5. Bob"),
            "post numbers jump to #5: 3 post(s) before it are not in the dump",
        )
    ]


def test_a_post_without_number_line_is_kept_with_a_warning_naming_its_member_line():
    text = dump(
        post("Alice", "Hello."),
        post("Bob", "Hi.", number=None),
        post("Carol", "Hey.", number=3),
    )
    parsed = parse_thread_dump(text)
    assert [p.author.username for p in parsed.posts] == ["Alice", "Bob", "Carol"]
    assert warning_messages(parsed) == [
        (
            line_of(text, "Bob Regular Member"),
            "a post has no number line; it is numbered #2, between #1 and #3",
        ),
        (
            line_of(text, "Bob Regular Member"),
            "a post has no number line; its author is taken to be Bob",
        ),
    ]


def test_a_post_without_number_line_after_the_last_numbered_one_takes_the_next_number():
    parsed = parse_thread_dump(
        dump(post("Alice", "Hello.", number=4), post("Bob", "Hi.", number=None))
    )
    assert [p.position for p in parsed.posts] == [4, 5]


def test_a_first_post_without_number_line_is_number_one():
    parsed = parse_thread_dump(
        dump(post("Alice", "Hello.", number=None), post("Bob", "Hi.", number=2))
    )
    assert [p.position for p in parsed.posts] == [1, 2]


def test_a_post_without_number_line_and_no_number_left_for_it_numbers_the_thread_anew():
    text = dump(
        post("Alice", "Hello."),
        post("Bob", "Hi.", number=None),
        post("Carol", "Hey.", number=2),
        post("Dave", "Yo.", number=5),
    )
    parsed = parse_thread_dump(text)
    assert [p.position for p in parsed.posts] == [1, 2, 3, 4]
    assert (
        line_of(text, "Bob Regular Member"),
        "the source's post numbers cannot all be kept; the posts are numbered 1 to 4 in "
        "the dump's order",
    ) in warning_messages(parsed)
    assert not any("jump" in message for _, message in warning_messages(parsed))


def test_numbers_given_out_before_the_thread_is_numbered_anew_are_not_warned_about():
    parsed = parse_thread_dump(
        dump(
            post("Alice", "Hello."),
            post("Bob", "Hi.", number=None),
            post("Carol", "Hey.", number=4),
            post("Dave", "Yo.", number=3),
        )
    )
    assert [p.position for p in parsed.posts] == [1, 2, 3, 4]
    assert not any("it is numbered" in w.message or "jump" in w.message for w in parsed.warnings)


def test_a_post_number_out_of_order_is_a_warning_naming_its_line():
    text = dump(
        post("Alice", "Hello."), post("Bob", "Hi.", number=3), post("Carol", "Hey.", number=2)
    )
    parsed = parse_thread_dump(text)
    assert (line_of(text, "2. Carol"), "post #2 is out of order") in warning_messages(parsed)


def test_post_numbers_out_of_order_give_way_to_the_dumps_order():
    parsed = parse_thread_dump(
        dump(post("Alice", "Hello."), post("Bob", "Hi.", number=3), post("Carol", "Hey.", number=2))
    )
    assert [(p.number, p.position) for p in parsed.posts] == [(1, 1), (3, 2), (2, 3)]


def test_a_repeated_post_number_gives_way_to_the_dumps_order():
    parsed = parse_thread_dump(
        dump(post("Alice", "Hello."), post("Bob", "Hi.", number=2), post("Carol", "Hey.", number=2))
    )
    assert [p.position for p in parsed.posts] == [1, 2, 3]


def test_a_number_line_naming_someone_else_than_the_member_line_is_a_warning():
    text = dump(
        post("Alice", "Hello."), post("Bob", "Hi.", number=2, member="Carol Regular Member")
    )
    parsed = parse_thread_dump(text)
    assert parsed.posts[1].author.username == "Bob"
    assert [line for line, _ in warning_messages(parsed)] == [line_of(text, "Carol Regular Member")]


def test_a_first_post_by_someone_else_than_the_starter_is_a_warning():
    text = dump(post("Bob", "Hello."))
    parsed = parse_thread_dump(text)
    assert warning_messages(parsed) == [
        (
            line_of(text, "Bob Regular Member"),
            "the thread was started by Alice but its first post is by Bob",
        )
    ]


def test_a_dump_that_numbers_every_post_from_one_has_no_warnings():
    parsed = parse_thread_dump(
        dump(post("Alice", "Hello."), post("Bob", "Hi.", number=2), post("Alice", "Bye.", number=3))
    )
    assert parsed.warnings == []


def test_windows_line_endings_parse_like_unix_ones():
    text = dump(post("Alice", "Hello.", "", "Bye."), post("Bob", "Hi.", number=2))
    assert parse_thread_dump(text.replace("\n", "\r\n")) == parse_thread_dump(text)


def test_a_warning_reads_as_its_line_and_message():
    parsed = parse_thread_dump(dump(post("Alice", "Hello."), post("Bob", "Hi.", number=3)))
    assert str(parsed.warnings[0]) == (
        "line 12: post numbers jump to #3: 1 post(s) before it are not in the dump"
    )


# Bad input: each raises DumpError naming the problem and the line.


@pytest.mark.parametrize("text", ["", "\n\n   \n"])
def test_an_empty_dump_is_rejected(text):
    with pytest.raises(DumpError) as error:
        parse_thread_dump(text)
    assert (error.value.line, error.value.message) == (1, "the dump is empty")


def test_a_dump_that_starts_with_its_discussion_line_has_no_title():
    text = "\n" + dump(post("Alice", "Hello."), title=None)
    with pytest.raises(DumpError) as error:
        parse_thread_dump(text)
    assert error.value.line == 2
    assert "no thread title" in error.value.message


def test_a_dump_without_a_discussion_line_is_rejected_at_the_line_where_it_belongs():
    text = dump(post("Alice", "Hello.")).replace(
        "Discussion in 'General' started by Alice, Oct 17, 2015.", ""
    )
    with pytest.raises(DumpError) as error:
        parse_thread_dump(text)
    assert error.value.line == line_of(text, "1. Alice")
    assert "no \"Discussion in 'Board' started by Name, Date.\" line" in error.value.message


def test_a_dump_with_only_a_title_has_no_discussion_line():
    with pytest.raises(DumpError) as error:
        parse_thread_dump(f"{TITLE}\n\n")
    assert error.value.line == 1
    assert "Discussion in" in error.value.message


def test_a_discussion_line_with_an_impossible_date_is_rejected():
    text = dump(
        post("Alice", "Hello."),
        discussion="Discussion in 'General' started by Alice, Feb 30, 2015.",
    )
    with pytest.raises(DumpError) as error:
        parse_thread_dump(text)
    assert (error.value.line, error.value.message) == (3, "'Feb 30, 2015' is not a date")


def test_a_dump_without_posts_is_rejected_at_its_discussion_line():
    text = dump()
    with pytest.raises(DumpError) as error:
        parse_thread_dump(text)
    assert (error.value.line, error.value.message) == (3, "no posts after the 'Discussion in' line")


def test_a_number_line_without_its_member_line_join_date_and_likes_is_a_truncated_post():
    text = dump(post("Alice", "Hello."), ["  2. Bob", ""], post("Carol", "Hey.", number=3))
    with pytest.raises(DumpError) as error:
        parse_thread_dump(text)
    assert error.value.line == line_of(text, "2. Bob")
    assert "post #2 by Bob is truncated" in error.value.message


def test_a_post_whose_likes_label_is_missing_is_truncated():
    text = dump(
        post("Alice", "Hello."), ["  2. Bob", "", "    Bob Regular Member", "", "    Mar 24, 2009"]
    )
    with pytest.raises(DumpError) as error:
        parse_thread_dump(text)
    assert error.value.line == line_of(text, "2. Bob")
    assert "'Likes Received:' do not follow" in error.value.message


@pytest.mark.parametrize("ending", ["", "\n", "\n\n"])
def test_a_dump_that_ends_without_share_this_page_is_truncated_at_its_last_line(ending):
    text = dump(post("Alice", "Hello."), post("Bob", "Hi, I was say", number=2), footer=False)
    with pytest.raises(DumpError) as error:
        parse_thread_dump(text + ending)
    assert error.value.line == line_of(text, "Hi, I was say")
    assert f"ends without XenForo's '{FOOTER}' line" in error.value.message
    assert f"the last post (from line {line_of(text, '2. Bob')}) is truncated" in (
        error.value.message
    )


def test_a_thread_title_longer_than_200_characters_is_clipped_with_a_warning():
    parsed = parse_thread_dump(dump(post("Alice", "Hello."), title="x" * 201))
    assert parsed.title == "x" * 200
    assert "line 1: the thread title is 201 characters long; clipped to 200" in [
        str(warning) for warning in parsed.warnings
    ]


def test_a_board_name_longer_than_the_forum_holds_is_clipped_at_the_discussion_line():
    discussion = f"Discussion in '{'B' * 101}' started by Alice, Oct 17, 2015."
    parsed = parse_thread_dump(dump(post("Alice", "Hello."), discussion=discussion))
    assert parsed.board == "B" * 100
    assert "line 3: the board name is 101 characters long; clipped to 100" in [
        str(warning) for warning in parsed.warnings
    ]


def test_a_custom_title_longer_than_the_forum_holds_is_clipped_at_the_member_line():
    member_line = f"Bob {'T' * 51}"
    text = dump(post("Alice", "Hello."), post("Bob", "Hi.", number=2, member=member_line))
    parsed = parse_thread_dump(text)
    assert parsed.posts[1].author.title == "T" * 50
    warning = f"line {line_of(text, member_line)}: the custom title is 51 characters long"
    assert f"{warning}; clipped to 50" in [str(w) for w in parsed.warnings]


def test_a_custom_title_of_fifty_characters_is_kept_whole():
    parsed = parse_thread_dump(dump(post("Alice", "Hello.", member=f"Alice {'T' * 50} Moderator")))
    assert parsed.posts[0].author.title == "T" * 50


def test_a_username_longer_than_the_forum_holds_is_rejected_at_its_number_line():
    name = "N" * 151
    text = dump(post("Alice", "Hello."), post(name, "Hi.", number=2))
    with pytest.raises(DumpError) as error:
        parse_thread_dump(text)
    assert (error.value.line, error.value.message) == (
        line_of(text, f"2. {name}"),
        "the username is 151 characters long (150 at most)",
    )


def test_a_dump_error_reads_as_its_line_and_message():
    assert str(DumpError("the dump is empty", 1)) == "line 1: the dump is empty"


# Names: a dump is text anyone can write, so its names pass sign-up's rules.


@pytest.mark.parametrize(
    ("name", "username"),
    [
        ("\"><svg onload=alert('u1')>", "svg_onload_alert_u1"),
        ('O\'Brien "the quote"', "O_Brien_the_quote"),
        ("José María", "José_María"),
        ("<>", "member"),
        ("Ｙｕｓｕｆ", "Yusuf"),  # fullwidth letters, folded as Django's User folds them
    ],
)
def test_a_name_sign_up_would_refuse_becomes_one_it_accepts_with_a_warning(name, username):
    text = dump(post(name, "Hello."), post("Bob", "Hi.", number=2))
    parsed = parse_thread_dump(text)
    author = parsed.posts[0].author
    assert (author.username, author.source_name) == (username, name)
    assert any(
        line == line_of(text, f"{name} Regular Member") and f"it becomes {username!r}" in message
        for line, message in warning_messages(parsed)
    )


def test_a_cleaned_name_is_warned_about_once_however_many_posts_it_wrote():
    name = "John Smith"
    parsed = parse_thread_dump(
        dump(post(name, "Hello."), post("Bob", "Hi.", number=2), post(name, "Bye.", number=3))
    )
    assert [p.author.username for p in parsed.posts] == ["John_Smith", "Bob", "John_Smith"]
    assert sum("'John Smith' cannot be a username" in w.message for w in parsed.warnings) == 1


def test_a_name_of_150_characters_is_kept():
    name = "N" * 150
    parsed = parse_thread_dump(dump(post("Alice", "Hello."), post(name, "Hi.", number=2)))
    assert parsed.posts[1].author.username == name


def test_a_cyrillic_lookalike_of_a_latin_name_stays_its_own_name():
    lookalike = "Yusuf".replace("u", "\u0443")  # Cyrillic у: sign-up accepts it as a name
    parsed = parse_thread_dump(dump(post(lookalike, "Hello.")))
    assert parsed.posts[0].author.username == lookalike
    assert parsed.posts[0].author.username != "Yusuf"


@pytest.mark.parametrize("banner", ["Administrator", "Super Moderator", "Moderator", "Admin"])
def test_a_banner_is_kept_as_the_text_it_was(banner):
    parsed = parse_thread_dump(dump(post("Alice", "Hello.", member=f"Alice Boss {banner}")))
    author = parsed.posts[0].author
    assert (author.title, author.banner) == ("Boss", banner)
