import re

import pytest
from django.urls import reverse

from forum.posts.services import hide_post, reply_to_thread
from forum.threads.services import hide_thread
from tests.factories import PostFactory, UserFactory
from tests.helpers import fix_all_counters, make_thread

pytestmark = pytest.mark.django_db


def test_thread_page_says_where_and_by_whom_the_discussion_started(client, seed):
    response = client.get(seed.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert "Discussion in" in html
    assert "Europe and Russia" in html
    assert "Yusuf" in html
    assert "Oct 17, 2015" in html


def test_thread_page_has_a_breadcrumb_to_its_board(client, seed):
    response = client.get(seed.get_absolute_url())

    assert f'href="{seed.board.get_absolute_url()}"' in response.content.decode()


def test_thread_page_numbers_each_post_with_a_permalink(client, seed):
    response = client.get(seed.get_absolute_url())

    html = response.content.decode()
    for post in seed.posts.all():
        assert f'id="post-{post.position}"' in html
        assert f'href="{post.get_absolute_url()}"' in html
        assert f"#{post.position}" in html


def test_thread_page_shows_the_author_panel(client, seed):
    response = client.get(seed.get_absolute_url())

    html = response.content.decode()
    for text in ["GUARDIAN", "Administrator", "Mar 24, 2009", "Sanathan Pepe", "EST, USA"]:
        assert text in html


def test_thread_page_numbers_the_seeds_posts_as_its_source_did(client, seed):
    response = client.get(seed.get_absolute_url())

    assert [post.position for post in response.context["posts"]] == [1, 3, 4, 5, 6, 7, 8]


def test_thread_page_shows_the_post_the_import_lacked_as_a_gap_where_it_would_be(client, seed):
    html = client.get(seed.get_absolute_url()).content.decode()

    gap = html.index('<p class="post-gap" id="post-2">Post #2 was not in the imported page.</p>')
    assert html.index('id="post-1"') < gap < html.index('id="post-3"')


def test_thread_page_shows_a_run_of_lacking_posts_as_one_gap_with_an_anchor_for_each(client, seed):
    seed.posts.filter(position__in=[3, 4]).delete()

    html = client.get(seed.get_absolute_url()).content.decode()

    assert (
        '<p class="post-gap" id="post-2"><span id="post-3"></span><span id="post-4"></span>'
        "Posts #2 to #4 were not in the imported page.</p>"
    ) in html


def test_a_link_to_the_post_the_import_lacked_lands_on_its_gap(client, seed):
    response = client.get(f"{seed.get_absolute_url()}post-2/")

    assert response["Location"] == seed.get_position_url(2)


def test_thread_page_shows_no_gap_for_a_hidden_post(client, board):
    thread = make_thread(posts=3, board=board)
    thread.posts.filter(position=2).update(is_hidden=True)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert "post-gap" not in html


def test_thread_page_shows_no_gap_for_a_hidden_post_of_an_imported_thread(client, seed):
    seed.posts.filter(position=3).update(is_hidden=True)

    html = client.get(seed.get_absolute_url()).content.decode()

    assert html.count('class="post-gap"') == 1
    assert 'id="post-3"' not in html


def test_author_panels_show_the_likes_and_messages_the_import_lacked_as_unknown(client, seed):
    response = client.get(seed.get_absolute_url())

    html = response.content.decode()
    assert html.count('<span class="unknown" title="Not in the imported page">') == 14
    assert "<dd data-likes-received-of" in html
    assert not re.search(r"<dd[^>]*>0</dd>", html)


def test_author_panel_shows_an_imported_banner_apart_from_the_roles_of_this_forum(client, seed):
    html = client.get(seed.get_absolute_url()).content.decode()

    assert (
        '<p class="role-banner role-banner--imported" title="As shown in the imported page; '
        'no role here">Administrator</p>'
    ) in html
    assert "role-banner role-administrator" not in html


def test_thread_page_keeps_the_first_posts_curly_quotes_and_signature(client, seed):
    response = client.get(seed.get_absolute_url())

    html = response.content.decode()
    assert "“The West simply doesn’t trust Mr Putin." in html
    assert "Sent from my iPhone using Tapatalk" in html


def test_thread_page_says_when_a_posts_text_was_lost(client, seed):
    response = client.get(seed.get_absolute_url())

    assert "text of this post was lost" in response.content.decode()


def test_thread_page_shows_twenty_posts_a_page(client, board):
    thread = make_thread(posts=45, board=board)

    first = client.get(thread.get_absolute_url()).context["posts"]
    third = client.get(thread.get_page_url(3)).context["posts"]

    assert [post.position for post in first] == list(range(1, 21))
    assert [post.position for post in third] == list(range(41, 46))


def test_thread_page_links_to_its_other_pages(client, board):
    thread = make_thread(posts=45, board=board)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert f'href="{thread.get_page_url(2)}"' in html
    assert f'href="{thread.get_page_url(3)}"' in html


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_thread_page_past_the_last_redirects_to_the_last(client, board, who):
    thread = make_thread(posts=45, board=board)
    if who == "member":
        client.force_login(UserFactory())

    response = client.get(thread.get_page_url(9))

    assert response.status_code == 302
    assert response["Location"] == thread.get_page_url(3)


def test_thread_page_past_the_last_of_a_one_page_thread_redirects_to_the_thread(client, thread):
    response = client.get(thread.get_page_url(2))

    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()


def test_thread_page_that_once_was_past_the_last_shows_once_the_thread_grows(client, board):
    thread = make_thread(posts=20, board=board)
    assert client.get(thread.get_page_url(2)).status_code == 302

    PostFactory.create_batch(3, thread=thread)
    fix_all_counters()

    posts = client.get(thread.get_page_url(2)).context["posts"]
    assert [post.position for post in posts] == [21, 22, 23]


def test_thread_page_past_the_last_with_an_old_slug_goes_to_the_last_page(client, board):
    thread = make_thread(posts=45, board=board)
    url = reverse("posts:thread", kwargs={"slug": "old-title", "pk": thread.pk}) + "?page=9"

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == thread.get_page_url(3)


@pytest.mark.parametrize("page", ["0", "-1", "two", "", "²", "①", "٣"])
def test_thread_page_number_that_is_not_a_page_redirects_to_the_first(client, thread, page):
    response = client.get(thread.get_absolute_url(), {"page": page})

    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()


def test_thread_with_a_wrong_slug_redirects_to_its_address(client, thread):
    url = reverse("posts:thread", kwargs={"slug": "old-title", "pk": thread.pk})

    response = client.get(url)

    assert response.status_code == 301
    assert response["Location"] == thread.get_absolute_url()


def test_missing_thread_is_not_found(client, db):
    url = reverse("posts:thread", kwargs={"slug": "nothing", "pk": 999})

    assert client.get(url).status_code == 404


def test_hidden_thread_is_not_found_for_a_member(client, thread, member):
    hide_thread(thread=thread, by=thread.starter)
    client.force_login(member)

    assert client.get(thread.get_absolute_url()).status_code == 404


def test_hidden_thread_is_shown_to_a_moderator(client, thread, moderator):
    hide_thread(thread=thread, by=thread.starter)
    client.force_login(moderator)

    assert client.get(thread.get_absolute_url()).status_code == 200


def test_hidden_post_is_not_shown_to_readers(client, board):
    thread = make_thread(posts=2, board=board)
    PostFactory(thread=thread, body="a secret reply", is_hidden=True)

    response = client.get(thread.get_absolute_url())

    assert "a secret reply" not in response.content.decode()


def test_hidden_post_is_shown_to_a_moderator(client, board, moderator):
    thread = make_thread(posts=2, board=board)
    PostFactory(thread=thread, body="a secret reply", is_hidden=True)
    client.force_login(moderator)

    response = client.get(thread.get_absolute_url())

    assert "a secret reply" in response.content.decode()


def test_post_body_is_shown_as_safe_html(client, board):
    thread = make_thread(posts=1, board=board)
    PostFactory(thread=thread, body="<script>alert(1)</script> **bold**")

    html = client.get(thread.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<strong>bold</strong>" in html


def test_post_at_position_link_goes_to_the_page_that_shows_it(client, board):
    thread = make_thread(posts=25, board=board)
    url = reverse("posts:post_at", kwargs={"slug": thread.slug, "pk": thread.pk, "position": 23})

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{thread.get_page_url(2)}#post-23"


def test_post_at_a_position_the_thread_does_not_have_is_not_found(client, thread):
    url = reverse("posts:post_at_id", kwargs={"pk": thread.pk, "position": 99})

    assert client.get(url).status_code == 404


def test_post_permalink_goes_to_the_post_in_its_thread(client, board):
    thread = make_thread(posts=21, board=board)
    post = thread.posts.get(position=21)

    response = client.get(post.get_absolute_url())

    assert response["Location"] == f"{thread.get_page_url(2)}#post-21"


def test_permalink_of_a_hidden_post_is_not_found_for_a_member(client, board, member):
    thread = make_thread(posts=1, board=board)
    post = PostFactory(thread=thread, is_hidden=True, author=UserFactory())
    client.force_login(member)

    assert client.get(post.get_absolute_url()).status_code == 404


def test_imported_posts_show_their_day_without_an_invented_time(client, seed):
    html = client.get(seed.get_absolute_url()).content.decode()

    assert '<time class="post__date" datetime="2015-10-17">Oct 17, 2015</time>' in html
    assert "12:00 AM" not in html


def test_posts_written_here_show_their_time(client, thread):
    html = client.get(thread.get_absolute_url()).content.decode()

    assert " at " in html.split('class="post__date"')[1].split("</time>")[0]


def test_a_moderator_reads_who_hid_a_post_when_and_why(client, moderator, thread):
    hide_post(post=thread.posts.get(position=3), by=moderator, reason="Personal attack")
    client.force_login(moderator)

    html = client.get(thread.get_absolute_url()).content.decode()

    note = html.split('id="post-3"')[1].split("</article>")[0]
    assert "Hidden by" in note
    assert f'">{moderator.username}</a>' in note
    assert ": Personal attack." in note


def test_a_moderator_reads_who_hid_a_thread_when_and_why(client, moderator, thread):
    hide_thread(thread=thread, by=moderator, reason="Duplicate of another")
    client.force_login(moderator)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert f'Hidden by <a href="{moderator.get_absolute_url()}">{moderator.username}</a>' in html
    assert ": Duplicate of another." in html


@pytest.mark.parametrize("hidden", [1, 8])
def test_who_hid_each_post_costs_no_query_per_post(
    client, moderator, board, hidden, django_assert_max_num_queries
):
    thread = make_thread(posts=10, board=board)
    for position in range(2, 2 + hidden):
        hider = UserFactory(username=f"hider{position}", role="moderator")
        hide_post(post=thread.posts.get(position=position), by=hider, reason="Spam")
    client.force_login(moderator)

    with django_assert_max_num_queries(9):
        response = client.get(thread.get_absolute_url())

    assert response.content.decode().count("Hidden by") == hidden


def test_a_post_awaiting_approval_shows_to_its_author_and_moderators_only(
    client, thread, moderator, member
):
    newcomer = UserFactory(username="newcomer")
    reply_to_thread(thread=thread, author=newcomer, body="Visit https://spam.example.com now")
    seen = {}
    for viewer in (newcomer, moderator, member, None):
        client.logout()
        if viewer is not None:
            client.force_login(viewer)
        html = client.get(thread.get_absolute_url())
        seen[getattr(viewer, "username", "visitor")] = "spam.example.com" in html.content.decode()

    assert seen == {"newcomer": True, "mod": True, "reader": False, "visitor": False}


def test_the_author_is_told_their_reply_waits_for_approval(client, thread):
    newcomer = UserFactory(username="newcomer")
    client.force_login(newcomer)

    response = client.get(thread.get_absolute_url())
    form = response.context["reply_form"]
    response = client.post(
        reverse("posts:reply", args=[thread.pk]),
        {"body": "Visit https://spam.example.com now", "token": form["token"].value()},
        follow=True,
    )

    html = response.content.decode()
    assert "waits for a moderator" in html
    assert "Awaiting approval" in html


# ---- What search engines read: the canonical address and the description ---------------------


def test_the_first_page_of_a_thread_is_canonical_without_a_page_number(client, seed):
    html = client.get(seed.get_absolute_url() + "?page=1").content.decode()

    assert f'<link rel="canonical" href="http://testserver{seed.get_absolute_url()}">' in html


def test_a_later_page_of_a_thread_is_canonical_with_its_number(client, board, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    thread = make_thread(posts=5, board=board)

    html = client.get(thread.get_page_url(3)).content.decode()

    assert f'<link rel="canonical" href="http://testserver{thread.get_page_url(3)}">' in html
    assert "?page=3" in thread.get_page_url(3)


def test_a_thread_is_described_by_the_start_of_its_first_post(client, board):
    thread = make_thread(posts=1, board=board)
    first = thread.posts.get()
    first.body_html = "<p>The <strong>Pennine Way</strong> runs " + "far " * 60 + "north.</p>"
    first.save()

    html = client.get(thread.get_absolute_url()).content.decode()

    description = html[html.index('<meta name="description" content="') :].split('"')[3]
    assert description.startswith("The Pennine Way runs far far")
    assert description.endswith("…")
    assert len(description) <= 155


def test_a_hidden_first_post_does_not_describe_the_thread(client, board):
    thread = make_thread(posts=2, board=board)
    thread.posts.filter(position=1).update(is_hidden=True, body_html="<p>Secret words.</p>")

    html = client.get(thread.get_absolute_url()).content.decode()

    assert "Secret words" not in html
