import json
from concurrent.futures import ThreadPoolExecutor

from forum.markup import (
    MAX_QUOTE_DEPTH,
    escape_plain_text,
    parse_attribution,
    render_post_body,
    summary,
)
from tests.importer.dumps import SEED_FIXTURE_PATH


def test_markdown_emphasis_and_links_are_rendered():
    html = render_post_body("**bold** and [a link](https://example.com)")

    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.com" rel="nofollow ugc">a link</a>' in html


def test_raw_html_is_shown_as_text():
    html = render_post_body("<script>alert(1)</script>")

    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_are_not_links():
    assert "href" not in render_post_body("[x](javascript:alert(1))")


def test_bare_urls_become_nofollow_links():
    html = render_post_body("see https://example.com/page")

    assert '<a href="https://example.com/page" rel="nofollow ugc">' in html


def test_quote_shows_who_said_it_and_links_to_the_post():
    html = render_post_body('[quote="Yusuf, post:1"]Hello[/quote]')

    assert '<blockquote class="quote">' in html
    assert '<a href="post-1/" class="quote-source">Yusuf said:</a>' in html
    assert "<p>Hello</p>" in html


def test_quote_of_another_thread_links_to_that_thread():
    html = render_post_body('[quote="Yusuf, post:3, topic:9"]Hello[/quote]')

    assert 'href="/threads/9/post-3/"' in html


def test_nested_quotes_nest():
    html = render_post_body("[quote=a]outer [quote=b]inner[/quote][/quote]")

    assert html.count("<blockquote") == 2
    assert html.index("a said:") < html.index("b said:")


def test_unclosed_quote_stays_text():
    assert render_post_body("[quote=a]never closed") == "<p>[quote=a]never closed</p>"


def test_quote_name_cannot_inject_html():
    html = render_post_body('[quote="<img src=x onerror=alert(1)>"]x[/quote]')

    assert "<img" not in html
    assert "onerror=" not in html or "&lt;img" in html


def test_attribution_parts_are_read():
    assert parse_attribution("Yusuf, post:3, topic:9") == ("Yusuf", 3, 9)
    assert parse_attribution("Yusuf") == ("Yusuf", None, None)


def test_escaped_plain_text_renders_as_typed():
    text = "1. not a list\n# not a heading\n*not emphasis* [not](a link) <b>"

    html = render_post_body(escape_plain_text(text))

    assert "1. not a list" in html
    assert "# not a heading" in html
    assert "*not emphasis*" in html
    assert "&lt;b&gt;" in html
    assert "<ol" not in html and "<h1" not in html and "<em>" not in html


def test_headings_lists_code_and_tables_are_rendered():
    source = (
        "# Title\n\n- one\n- two\n\n1. first\n\n```python\nprint(1)\n```\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |"
    )

    html = render_post_body(source, mentions=False)

    assert "<h3>Title</h3>" in html
    assert "<ul>\n<li>one</li>" in html
    assert "<ol>\n<li>first</li>" in html
    assert '<pre><code class="language-python">print(1)\n</code></pre>' in html
    assert "<td>1</td>" in html


def test_strikethrough_and_emphasis_are_rendered():
    html = render_post_body("~~gone~~ *soft*", mentions=False)

    assert html == "<p><s>gone</s> <em>soft</em></p>"


def test_images_from_the_web_are_kept_with_alt_and_title():
    html = render_post_body('![a cat](https://example.com/cat.png "Tom")', mentions=False)

    assert html == '<p><img src="https://example.com/cat.png" alt="a cat" title="Tom"></p>'


def test_images_that_are_not_http_or_https_lose_their_source():
    for source in ["![x](/static/x.png)", "![x](mailto:a@b.c)", "![x](ftp://example.com/x.png)"]:
        html = render_post_body(source, mentions=False)

        assert "src=" not in html, source


def test_links_within_the_forum_carry_no_rel():
    html = render_post_body("[thread](/threads/hello.3/)", mentions=False)

    assert html == '<p><a href="/threads/hello.3/">thread</a></p>'


def test_links_leaving_the_forum_are_nofollow_whatever_their_case():
    for source in ["[x](HTTPS://example.com)", "[x](//example.com)", "[x](mailto:a@example.com)"]:
        html = render_post_body(source, mentions=False)

        assert 'rel="nofollow ugc"' in html, source


def test_a_backslash_cannot_disguise_an_external_link_as_internal():
    html = render_post_body("[x](/\\example.com)", mentions=False)

    assert 'href="/%5Cexample.com"' in html


def test_bare_addresses_of_other_schemes_are_not_linked():
    html = render_post_body("ftp://example.org/file irc://example.org/chan", mentions=False)

    assert 'href="ftp' not in html and 'href="irc' not in html


def test_quote_tags_inside_code_are_shown_as_code():
    fenced = render_post_body("```\n[quote=a]x[/quote]\n```", mentions=False)
    inline = render_post_body("write `[quote=a]x[/quote]` to quote", mentions=False)

    assert "<blockquote" not in fenced and "[quote=a]x[/quote]" in fenced
    assert "<blockquote" not in inline and "<code>[quote=a]x[/quote]</code>" in inline


def test_a_closing_tag_in_code_does_not_close_the_quote():
    html = render_post_body("[quote=a]say `[/quote]` here[/quote]", mentions=False)

    assert html.count("<blockquote") == 1
    assert "<code>[/quote]</code> here</p>\n</blockquote>" in html


def test_quotes_nest_up_to_the_limit_and_deeper_tags_stay_text():
    depth = MAX_QUOTE_DEPTH + 3
    html = render_post_body("[quote=a]" * depth + "core" + "[/quote]" * depth, mentions=False)

    assert html.count("<blockquote") == MAX_QUOTE_DEPTH
    assert html.count("[quote=a]") == 3 and html.count("[/quote]") == 3
    assert html.endswith("</blockquote>")


def test_thousands_of_nested_quotes_render_quickly_without_recursion():
    source = "[quote]" * 3000 + "x" + "[/quote]" * 3000

    html = render_post_body(source, mentions=False)

    assert html.count("<blockquote") == MAX_QUOTE_DEPTH


def test_quote_attribution_with_quotes_and_brackets_is_shown_escaped():
    html = render_post_body('[quote="a"b]c"]x[/quote]', mentions=False)

    assert html == (
        '<blockquote class="quote"><div class="quote-author">&quot;a&quot;b said:</div>'
        "<p>c&quot;]x</p>\n</blockquote>"
    )


def test_a_code_blocks_language_becomes_its_only_class():
    html = render_post_body("```evil onclick=x\ncode\n```", mentions=False)

    assert '<code class="language-evil">code' in html
    assert "onclick" not in html


def test_windows_line_endings_render_like_unix_ones():
    assert render_post_body("a\r\n\r\nb", mentions=False) == render_post_body(
        "a\n\nb", mentions=False
    )


def test_rendering_from_several_threads_at_once_gives_the_same_html():
    sources = [f"**{n}** [quote=a, post:{n}]x https://example.com/{n}[/quote]" for n in range(200)]
    expected = [render_post_body(source, mentions=False) for source in sources]

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda s: render_post_body(s, mentions=False), sources))

    assert results == expected


def test_the_seed_fixture_holds_the_html_the_markup_makes_today():
    # The importer stores render_post_body(body, mentions=False); a rule change that alters
    # imported posts must come with a new fixture.
    rows = json.loads(SEED_FIXTURE_PATH.read_text())
    posts = [row["fields"] for row in rows if row["model"] == "posts.post"]

    assert posts
    for post in posts:
        assert render_post_body(post["body"], mentions=False) == post["body_html"]


def test_excerpt_leaves_out_quotes_and_shows_entities_as_text():
    from forum.posts.models import Post

    post = Post(body_html=render_post_body('[quote="a"]x [quote=b]y[/quote][/quote]Fish & "chips"'))

    assert post.excerpt == 'Fish & "chips"'


def test_headings_in_a_post_start_below_the_pages_own():
    html = render_post_body("# Title\n\n## Part\n\n###### Small")

    assert "<h3>Title</h3>" in html
    assert "<h4>Part</h4>" in html
    assert "<h6>Small</h6>" in html
    assert "<h1" not in html and "<h2" not in html


def test_reading_plain_runs_in_one_step_renders_what_markdown_it_renders():
    # _plain_specials is a shortcut through markdown-it's inline rules for "<", ">", "&",
    # escapes and entities; it must not change a single rendering. (It may only differ where a
    # web address without a scheme touches an escape or entity: linkify then sees one text.)
    from itertools import product

    from forum.markup import _markdown
    from tests.test_markup_xss import MARKDOWN_TRICKS, nesting_payloads

    pieces = ["<", ">", "&", "&amp;", "&#42;", "&#x2A;", "&lt;", "&foo;", "&#46;", "&#97;"]
    pieces += ["\\*", "\\\\", "\\.", "\\[", "\\]", "\\<", "\\&", "\\`", "\\a", "*", "_", "[", "]"]
    pieces += ["(", ")", "`", "https://a.com/x", "<https://a.com>", "<a@b.co>", "a", " ", "\n"]
    pieces += [":", "!", "~~", "@ann", "  \n", "](https://a.com)", "[x"]
    corpus = [a + b for a, b in product(pieces, repeat=2)] + MARKDOWN_TRICKS + nesting_payloads()
    corpus += ["[a\\]b](https://x.com)", "**a&amp;**b", "*a\\*b*", "`a\\`b`", "<b>x</b> **y**"]
    differ = []
    for source in corpus:
        shortcut = _markdown.render(source)
        _markdown.inline.ruler.disable("plain_specials")
        try:
            plain = _markdown.render(source)
        finally:
            _markdown.inline.ruler.enable("plain_specials")
        if shortcut != plain:
            differ.append(source)

    assert differ == []


def test_characters_the_sanitiser_borrows_stay_as_the_author_typed_them():
    source = 'a \ue000 b \ue003 & < > " [x](https://e.com/?a=1&b=2 "t\\"")'

    html = render_post_body(source, mentions=False)

    assert html == (
        "<p>a \ue000 b \ue003 &amp; &lt; &gt; &quot; "
        '<a href="https://e.com/?a=1&amp;b=2" title="t&quot;" rel="nofollow ugc">x</a></p>'
    )


def test_text_and_attributes_keep_the_entities_markdown_it_writes():
    source = '& < > " [x](https://e.com/?a=1&b=2 "t\\"<>")'

    html = render_post_body(source, mentions=False)

    assert html == (
        "<p>&amp; &lt; &gt; &quot; "
        '<a href="https://e.com/?a=1&amp;b=2" title="t&quot;&lt;&gt;" rel="nofollow ugc">x</a></p>'
    )


# ---- summary: a post's start as plain text (meta descriptions) -------------------------------


def test_a_summary_is_the_posts_text_without_markup():
    html = render_post_body("The **Pennine Way** & the [Dales Way](https://example.com).")

    assert summary(html) == "The Pennine Way & the Dales Way."


def test_a_summary_leaves_out_quotes_of_other_posts():
    html = render_post_body(
        '[quote="ann, post:1"]\n[quote="ben, post:2"]\nOld.\n[/quote]\nOlder.\n[/quote]\n\nMine.'
    )

    assert summary(html) == "Mine."


def test_a_long_summary_stops_at_a_word_within_the_length():
    text = summary(render_post_body("word " * 100))

    assert len(text) <= 155
    assert text.endswith("word…")
