"""Code shows exactly what was typed: its characters are escaped once, and never linked (#9)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from forum.markup import render_post_body
from forum.posts.models import Post

TYPED = [
    'return "world"',
    "it's",
    "a < b",
    "a > b",
    "a < b && c",
    "&amp; stays &amp;",
    "&lt;b&gt; and &#60;",
    "see https://example.com/a?b=1&c=2 now",
    "www.example.com",
]
PLACES = {
    "inline": lambda text: f"Try `{text}` here.",
    "fenced": lambda text: f"```\n{text}\n```",
    "fenced-with-language": lambda text: f"```python\n{text}\n```",
    "indented": lambda text: f"    {text}",
}


class _CodeText(HTMLParser):
    """The text a browser shows inside each ``<code>`` element, and whether any link is inside."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.codes = []
        self.depth = 0
        self.link_in_code = False

    def handle_starttag(self, tag, attrs):
        if tag == "code":
            self.depth += 1
            self.codes.append("")
        elif tag == "a" and self.depth:
            self.link_in_code = True

    def handle_endtag(self, tag):
        if tag == "code":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.codes[-1] += data


def code_text(html):
    parser = _CodeText()
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("text", TYPED)
def test_code_shows_exactly_what_was_typed(text, place):
    shown = code_text(render_post_body(PLACES[place](text), mentions=False))

    assert [code.rstrip("\n") for code in shown.codes] == [text]
    assert not shown.link_in_code


def test_an_address_outside_code_still_becomes_a_link():
    html = render_post_body("see https://example.com/a?b=1&c=2 and `https://example.com/`")

    assert '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc">' in html
    assert "<code>https://example.com/</code>" in html


@pytest.mark.django_db
def test_a_member_reads_the_code_of_a_reply_as_it_was_typed(client, thread, member):
    body = "\n\n".join(PLACES[place](text) for place in ("inline", "fenced") for text in TYPED)
    client.force_login(member)

    client.post(reverse("posts:reply", kwargs={"pk": thread.pk}), {"body": body})

    post = Post.objects.get(author=member)
    page = client.get(thread.get_position_url(post.position), follow=True).content.decode()
    shown = code_text(page)
    for text in TYPED:
        assert shown.codes.count(text) + shown.codes.count(text + "\n") == 2, text
