"""XenForo post HTML into the forum's markup source (no database)."""

import lxml.html
import pytest

from forum.importer.html_markup import to_markup
from forum.markup import render_post_body


def markup(html):
    return to_markup(lxml.html.fragment_fromstring(html, create_parent="div"))


@pytest.mark.parametrize(
    ("html", "source"),
    [
        ("one<br />two", "one\\\ntwo"),
        ("one<br /><br />two", "one\n\ntwo"),
        ("<b>bold</b> and <i>slanted</i>", "**bold** and *slanted*"),
        ("<b>bold </b>word", "**bold** word"),
        ('<a href="https://x.org/a">link</a>', "[link](https://x.org/a)"),
        ('<a href="https://x.org/a (b)">odd</a>', "[odd](<https://x.org/a (b)>)"),
        (
            '<img src="https://x.org/p.png" alt="cat" class="bbCodeImage" />',
            "![cat](https://x.org/p.png)",
        ),
        ('<img src="s.png" alt=":D" class="mceSmilie" />', ":D"),
        ("<ol><li>a</li><li>b</li></ol>", "1. a\n2. b"),
        ("<ul><li>a<ul><li>b</li></ul></li></ul>", "- a\n   - b"),
        ("<pre>x = `1`</pre>", "```\nx = `1`\n```"),
        ("<pre>a ``` b</pre>", "````\na ``` b\n````"),
        ("5 * 3 &lt;b&gt; #1 &amp;copy;", "5 \\* 3 \\<b\\> \\#1 \\&copy;"),
    ],
)
def test_html_becomes_markup(html, source):
    assert markup(html) == source


def test_scripts_and_styles_are_dropped():
    assert markup("<script>alert(1)</script>hi<style>p{}</style>") == "hi"


def test_escaped_text_renders_as_the_page_showed_it():
    rendered = render_post_body(markup("5 * 3 &lt;b&gt; &amp;copy; [quote]"), mentions=False)
    assert "5 * 3 &lt;b&gt; &amp;copy; [quote]" in rendered


def test_a_quote_without_author_has_no_attribution():
    html = (
        '<div class="bbCodeBlock bbCodeQuote">'
        '<blockquote><div class="quote">hi</div></blockquote></div>'
    )
    assert markup(html) == "[quote]\nhi\n[/quote]"


def test_an_embedded_video_becomes_a_link():
    assert (
        markup('<iframe src="https://video.example/v/1"></iframe>') == "<https://video.example/v/1>"
    )


def test_a_table_becomes_a_markdown_table_with_its_first_row_as_head():
    html = (
        '<table class="bbTable"><tbody><tr><th>Scope</th><th>Price</th></tr>'
        "<tr><td>6&quot; Dob</td><td>$300 | used</td></tr></tbody></table>"
    )
    source = markup(html)
    assert source == '| Scope | Price |\n| --- | --- |\n| 6" Dob | $300 \\| used |'
    assert "<table>" in render_post_body(source, mentions=False)
