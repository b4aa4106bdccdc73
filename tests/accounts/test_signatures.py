"""Signatures: limited markup stored as HTML, shown under each post unless the reader hides them."""

import pytest

from accounts import services
from forum.markup import render_signature, signature_error
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db


def sign(member, signature):
    services.update_profile(
        member=member, by=member, location="", website="", about="", signature=signature
    )


def test_a_signature_over_the_length_limit_is_refused(settings):
    settings.FORUM_SIGNATURE_MAX_LENGTH = 10

    assert "11 characters" in signature_error("x" * 11)
    assert signature_error("x" * 10) is None


def test_a_signature_with_too_many_links_is_refused(settings):
    settings.FORUM_SIGNATURE_MAX_LINKS = 2
    three = "https://a.example https://b.example [c](https://c.example)"

    assert "3 links" in signature_error(three)
    assert signature_error("https://a.example [b](https://b.example)") is None


def test_images_are_refused_unless_the_setting_allows_them(settings):
    source = "![me](https://example.org/me.png)"
    assert "cannot show images" in signature_error(source)

    settings.FORUM_SIGNATURE_IMAGES = True
    assert signature_error(source) is None
    assert "<img" in render_signature(source)


def test_headings_become_plain_text():
    assert render_signature("# Shout") == "Shout"


def test_a_quote_tag_stays_text_in_a_signature():
    assert render_signature('[quote="ann, post:1"]x[/quote]').startswith("<p>[quote=")


def test_the_profile_form_refuses_a_long_signature_beside_its_field(client, member, settings):
    settings.FORUM_SIGNATURE_MAX_LENGTH = 5
    client.force_login(member)

    response = client.post(
        "/account/profile/",
        {"location": "", "website": "", "about": "", "signature": "too long"},
    )

    field = response.content.decode().split('for="id_signature"')[1].split("</div>")[0]
    assert "too long" in field and "the most a signature may have is 5" in field


def test_the_signature_shows_under_each_of_the_authors_posts(client, board):
    thread = make_thread(posts=2, board=board)
    author = thread.starter
    thread.posts.update(author=author)
    sign(author, "*Cheers*")

    html = client.get(thread.get_absolute_url()).content.decode()

    assert html.count('<div class="post__signature"><p><em>Cheers</em></p></div>') == 2


def test_a_member_who_hides_signatures_sees_none(client, board, member):
    thread = make_thread(posts=1, board=board)
    author = thread.posts.get().author
    sign(author, "Cheers")
    client.force_login(member)
    assert "post__signature" in client.get(thread.get_absolute_url()).content.decode()

    services.set_preferences(
        member=member, by=member, time_zone="", show_online=True, hide_signatures=True
    )

    assert "post__signature" not in client.get(thread.get_absolute_url()).content.decode()


def test_an_imported_signature_held_as_html_alone_shows_too(client, board):
    thread = make_thread(posts=1, board=board)
    author = thread.posts.get().author
    author.signature_html = "<p>From the old forum</p>"
    author.save()

    assert "From the old forum" in client.get(thread.get_absolute_url()).content.decode()


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "member"])
def test_a_new_signature_shows_at_once_on_a_cached_page(client, board, member, logged_in):
    thread = make_thread(posts=1, board=board)
    author = thread.posts.get().author
    if logged_in:
        client.force_login(member)
    client.get(thread.get_absolute_url())

    sign(author, "Brand new")

    assert "Brand new" in client.get(thread.get_absolute_url()).content.decode()
