from forum.posts.markup import escape_plain_text, parse_attribution, render_post_body


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


def test_excerpt_leaves_out_quotes_and_shows_entities_as_text():
    from forum.posts.models import Post

    post = Post(body_html=render_post_body('[quote="a"]x [quote=b]y[/quote][/quote]Fish & "chips"'))

    assert post.excerpt == 'Fish & "chips"'
