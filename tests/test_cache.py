"""Anonymous pages come from the shared cache, and every write shows on them at once."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.roles import Role
from accounts.services import change_member_title, set_member_role
from forum.cache import MEMBERS_STAMP_KEY, members_stamp, touch
from forum.posts.services import edit_post, hide_post, like_post, reply_to_thread
from forum.threads.services import (
    hide_thread,
    lock_thread,
    move_thread,
)
from tests.factories import BoardFactory, UserFactory
from tests.helpers import make_thread, member_form

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_second_anonymous_request_is_served_from_the_cache(
    client, thread, django_assert_num_queries
):
    first = page(client, thread.get_absolute_url())

    # Only the thread's own row is read, to check it may be shown and to key the page.
    with django_assert_num_queries(1):
        second = page(client, thread.get_absolute_url())
    assert second == first


def test_cached_thread_page_shows_a_reply_at_once(client, thread, member):
    page(client, thread.get_absolute_url())

    reply_to_thread(thread=thread, author=member, body="A reply that must show *at once*.")

    assert "A reply that must show <em>at once</em>." in page(client, thread.get_absolute_url())


def test_cached_thread_page_shows_an_edit_at_once(client, thread):
    post = thread.posts.get(position=2)
    assert "Words changed later." not in page(client, thread.get_absolute_url())

    edit_post(post=post, by=post.author, body="Words changed later.", expected_revision=1)

    html = page(client, thread.get_absolute_url())
    assert "Words changed later." in html
    assert "Last edited" in html


def test_cached_profile_shows_an_edit_at_once(client, thread):
    post = thread.posts.get(position=2)
    page(client, post.author.get_absolute_url())

    edit_post(post=post, by=post.author, body="Words changed later.", expected_revision=1)

    assert "Words changed later." in page(client, post.author.get_absolute_url())


def test_cached_thread_page_shows_a_like_at_once(client, thread, member):
    post = thread.posts.get(position=2)
    assert "1 like" not in page(client, thread.get_absolute_url())

    like_post(post=post, user=member)

    assert "1 like" in page(client, thread.get_absolute_url())


def test_cached_thread_page_drops_a_hidden_post_at_once(client, thread):
    post = thread.posts.get(position=3)
    assert 'id="post-3"' in page(client, thread.get_absolute_url())

    hide_post(post=post, by=post.author)

    assert 'id="post-3"' not in page(client, thread.get_absolute_url())


def test_cached_thread_page_says_locked_at_once(client, thread):
    assert "This thread is locked" not in page(client, thread.get_absolute_url())

    lock_thread(thread=thread, by=thread.starter)

    assert "This thread is locked" in page(client, thread.get_absolute_url())


def test_cached_thread_page_is_gone_at_once_when_the_thread_is_hidden(client, thread):
    page(client, thread.get_absolute_url())

    hide_thread(thread=thread, by=thread.starter)

    assert client.get(thread.get_absolute_url()).status_code == 404


def test_cached_last_page_of_a_thread_shows_a_reply_at_once(client, board, member):
    thread = make_thread(posts=40, board=board)
    page(client, thread.get_page_url(2))

    reply_to_thread(thread=thread, author=member, body="Number forty-one.")

    assert "Number forty-one." in page(client, thread.get_page_url(3))
    assert 'id="post-41"' not in page(client, thread.get_page_url(2))


def test_cached_board_page_shows_a_new_reply_as_the_latest_activity(client, board, member):
    older = make_thread(posts=2, board=board, title="Older thread")
    make_thread(posts=2, board=board, title="Newer thread")
    html = page(client, board.get_absolute_url())
    assert html.index("Newer thread") < html.index("Older thread")

    reply_to_thread(thread=older, author=member, body="Bump.")

    html = page(client, board.get_absolute_url())
    assert html.index("Older thread") < html.index("Newer thread")


def test_cached_board_page_shows_a_lock_at_once(client, board):
    thread = make_thread(posts=2, board=board)
    assert "badge--locked" not in page(client, board.get_absolute_url())

    lock_thread(thread=thread, by=thread.starter)

    assert "badge--locked" in page(client, board.get_absolute_url())


def test_cached_board_pages_follow_a_moved_thread(client, board):
    thread = make_thread(posts=2, board=board, title="A wandering thread")
    elsewhere = BoardFactory(name="Elsewhere")
    assert "A wandering thread" in page(client, board.get_absolute_url())
    assert "A wandering thread" not in page(client, elsewhere.get_absolute_url())

    move_thread(thread=thread, board=elsewhere, by=thread.starter)

    assert "A wandering thread" not in page(client, board.get_absolute_url())
    assert "A wandering thread" in page(client, elsewhere.get_absolute_url())


def test_cached_index_shows_a_new_latest_post_at_once(client, board, member):
    make_thread(posts=2, board=board, title="Quiet thread")
    busy = make_thread(posts=2, board=board, title="Busy thread")
    make_thread(posts=1, board=board, title="Newest thread")
    assert "Busy thread" not in page(client, "/")

    reply_to_thread(thread=busy, author=member, body="Latest word.")

    assert "Busy thread" in page(client, "/")


def test_cached_board_page_shows_a_board_renamed_in_the_admin_at_once(client, board):
    page(client, board.get_absolute_url())

    board.name = "Renamed board"
    board.save()

    assert "Renamed board" in page(client, board.get_absolute_url())


def test_cached_index_shows_a_new_board_at_once(client, board):
    page(client, "/")

    BoardFactory(name="Brand new board")

    assert "Brand new board" in page(client, "/")


def test_cached_profile_shows_a_new_post_at_once(client, thread, member):
    page(client, member.get_absolute_url())

    reply_to_thread(thread=thread, author=member, body="Freshly written words.")

    assert "Freshly written words." in page(client, member.get_absolute_url())


def test_cached_profile_shows_likes_received_at_once(client, thread, member):
    post = thread.posts.get(position=2)
    author = post.author
    assert "Likes received</dt><dd>0<" in page(client, author.get_absolute_url())

    like_post(post=post, user=member)

    assert "Likes received</dt><dd>1<" in page(client, author.get_absolute_url())


def test_cached_profile_drops_a_hidden_post_at_once(client, thread):
    post = thread.posts.get(position=2)
    reply = post.body_html.removeprefix("<p>").split(" <strong>")[0]
    assert reply in page(client, post.author.get_absolute_url())

    hide_post(post=post, by=post.author)

    assert reply not in page(client, post.author.get_absolute_url())


def test_anonymous_pages_carry_nothing_of_their_own(client, thread):
    for url in ["/", thread.board.get_absolute_url(), thread.get_absolute_url()]:
        for _ in range(2):  # rendered, then from the cache
            response = client.get(url)
            assert not response.cookies
            assert "csrfmiddlewaretoken" not in response.content.decode()
            assert "Cookie" in response["Vary"]


def test_member_gets_their_own_page_and_it_is_not_shared(client, thread, member):
    client.force_login(member)
    assert "Log out" in page(client, thread.get_absolute_url())

    client.logout()
    html = page(client, thread.get_absolute_url())

    assert "Log out" not in html
    assert member.username not in html


def test_member_is_never_served_the_anonymous_page(client, thread, member):
    page(client, thread.get_absolute_url())

    client.force_login(member)

    assert "Log out" in page(client, thread.get_absolute_url())


def test_visitor_with_a_message_waiting_gets_a_page_rendered_for_them(
    client, thread, django_assert_num_queries
):
    page(client, thread.get_absolute_url())
    client.cookies["messages"] = "anything"

    # Thread (with its starter) and posts: rendered again, not taken from the cache.
    with django_assert_num_queries(2):
        page(client, thread.get_absolute_url())


def test_staff_see_hidden_posts_even_when_anonymous_pages_are_cached(client, thread, moderator):
    hide_post(post=(post := thread.posts.get(position=2)), by=post.author)
    assert 'id="post-2"' not in page(client, thread.get_absolute_url())

    client.force_login(moderator)

    assert 'id="post-2"' in page(client, thread.get_absolute_url())


@override_settings(FORUM_PAGE_CACHE_SECONDS=0)
def test_page_cache_can_be_turned_off(client, thread, django_assert_num_queries):
    page(client, thread.get_absolute_url())

    with django_assert_num_queries(2):
        page(client, thread.get_absolute_url())


@override_settings(FORUM_PAGE_CACHE_SECONDS=0)
def test_without_the_cache_a_members_posts_are_rendered_whole_with_working_forms(
    client, thread, member
):
    from forum.posts.models import Like

    post = thread.posts.get(position=2)
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.force_login(member)
    html = page(csrf_client, thread.get_absolute_url())

    assert html.count('class="author-panel ') == thread.posts.count()
    assert "csrf-slot-" not in html
    forms = html.count('method="post"')
    assert forms and html.count('name="csrfmiddlewaretoken" value="') == forms
    token = html.split('id="post-2"')[1].split('name="csrfmiddlewaretoken" value="')[1]
    csrf_client.post(f"/posts/{post.pk}/like/", {"csrfmiddlewaretoken": token.split('"')[0]})
    assert Like.objects.filter(post=post, user=member).exists()


@override_settings(FORUM_PAGE_CACHE_SECONDS=0)
def test_without_the_cache_a_visitors_page_still_sets_no_csrf_cookie(client, thread):
    response = client.get(thread.get_absolute_url())

    assert response.status_code == 200
    assert 'class="author-panel ' in response.content.decode()
    assert not response.cookies


def test_a_new_release_does_not_serve_pages_of_the_old_one(
    client, thread, settings, django_assert_num_queries
):
    page(client, thread.get_absolute_url())
    settings.FORUM_RELEASE = "next"

    # Thread, starter and posts: the new release renders the page again.
    with django_assert_num_queries(3):
        page(client, thread.get_absolute_url())


@pytest.mark.parametrize("posts", [5, 500])
def test_cached_thread_pages_cost_one_query_first_page_and_last(
    client, board, posts, django_assert_num_queries
):
    thread = make_thread(posts=posts, board=board)
    for url in [thread.get_absolute_url(), thread.get_page_url(thread.page_count)]:
        page(client, url)

        with django_assert_num_queries(1):
            page(client, url)


@pytest.mark.parametrize("threads", [1, 30])
def test_cached_board_page_costs_one_query(client, board, threads, django_assert_num_queries):
    for _ in range(threads):
        make_thread(posts=2, board=board)
    page(client, board.get_absolute_url())

    with django_assert_num_queries(1):
        page(client, board.get_absolute_url())


@pytest.mark.parametrize("boards", [1, 12])
def test_cached_index_costs_one_query(client, db, boards, django_assert_num_queries):
    for _ in range(boards):
        make_thread(posts=2, board=BoardFactory())
    page(client, "/")

    with django_assert_num_queries(1):
        page(client, "/")


@pytest.mark.parametrize("posts", [1, 40])
def test_cached_profile_costs_two_queries(client, board, posts, django_assert_num_queries):
    author = UserFactory()
    thread = make_thread(posts=1, board=board, starter=author)
    for _ in range(posts):
        reply_to_thread(thread=thread, author=author, body="More words.")
    page(client, author.get_absolute_url())

    # The member and their recent posts, whose threads' versions are part of the key.
    with django_assert_num_queries(2):
        page(client, author.get_absolute_url())


def test_members_thread_page_shows_an_authors_new_counters_at_once(client, thread, member):
    post = thread.posts.get(position=2)
    client.force_login(member)
    likes = f'data-likes-received-of="{post.author_id}">'
    assert likes + "0<" in page(client, thread.get_absolute_url())

    like_post(post=post, user=member)

    assert likes + "1<" in page(client, thread.get_absolute_url())


def test_members_thread_page_shows_an_authors_new_role_at_once(client, thread, member):
    from accounts.roles import Role
    from accounts.services import set_member_role

    client.force_login(member)
    assert "role-banner role-moderator" not in page(client, thread.get_absolute_url())

    set_member_role(user=thread.posts.get(position=2).author, role=Role.MODERATOR)

    assert "role-banner role-moderator" in page(client, thread.get_absolute_url())


@pytest.mark.parametrize(
    ("field", "value", "before", "after"),
    [
        (
            "imported_likes_received",
            12,
            'data-likes-received-of="{pk}">0<',
            'data-likes-received-of="{pk}">12<',
        ),
        ("imported_message_count", 345, "<dd>1</dd>", "<dd>346</dd>"),
        ("imported_banner", "Administrator", "", 'no role here">Administrator</p>'),
    ],
)
def test_members_thread_page_shows_an_authors_imported_facts_filled_in_at_once(
    client, thread, member, field, value, before, after
):
    from accounts.models import User

    author = thread.posts.get(position=2).author
    client.force_login(member)
    first = page(client, thread.get_absolute_url())
    assert before.format(pk=author.pk) in first
    assert after.format(pk=author.pk) not in first

    User.objects.filter(pk=author.pk).update(**{field: value})

    assert after.format(pk=author.pk) in page(client, thread.get_absolute_url())


def test_author_panels_come_from_the_cache_in_one_round_trip(client, board, member):
    from django.core.cache import cache

    thread = make_thread(posts=20, board=board)
    client.force_login(member)
    calls = []
    original = cache.get_many

    def get_many(keys):
        keys = list(keys)
        # The member's permission names come with the members' stamp (accounts.backends).
        if MEMBERS_STAMP_KEY not in keys:
            calls.append(keys)
        return original(keys)

    cache.get_many = get_many
    try:
        first = page(client, thread.get_absolute_url())
        # The posts' HTML, panels included, is not cached yet: the panels come in one trip.
        assert len(calls) == 2
        assert len(calls[1]) == thread.posts.values("author").distinct().count()
        calls.clear()
        second = page(client, thread.get_absolute_url())
    finally:
        cache.get_many = original

    assert first.count('<div class="author-panel role-') == 20
    assert second.count('<div class="author-panel role-') == 20
    # Then the posts' HTML, each with its author's panel, comes in one round trip.
    assert len(calls) == 1
    assert len(calls[0]) == 20


def test_members_cached_posts_show_a_reply_an_edit_a_like_and_a_hide_at_once(
    client, thread, member
):
    client.force_login(member)
    edited, liked, hidden = (thread.posts.get(position=n) for n in (2, 3, 4))
    before = page(client, thread.get_absolute_url())
    assert 'id="post-4"' in before

    reply_to_thread(thread=thread, author=UserFactory(), body="A reply that must show *at once*.")
    edit_post(post=edited, by=edited.author, body="Words changed later.", expected_revision=1)
    like_post(post=liked, user=UserFactory(username="fan"))
    hide_post(post=hidden, by=hidden.author)

    html = page(client, thread.get_absolute_url())
    assert "A reply that must show <em>at once</em>." in html
    assert "Words changed later." in html
    assert "Last edited" in html
    assert ">fan</a> likes this." in html
    assert 'id="post-4"' not in html


def test_moderators_cached_posts_show_a_hide_with_its_restore_form_at_once(
    client, thread, moderator
):
    client.force_login(moderator)
    post = thread.posts.get(position=3)
    assert "Restore post" not in page(client, thread.get_absolute_url())

    hide_post(post=post, by=post.author)

    html = page(client, thread.get_absolute_url())
    article = html.split('id="post-3"')[1].split("</article>")[0]
    assert "badge--hidden" in article
    assert "Restore post" in article


def test_cached_posts_show_each_member_their_own_like(client, thread, member):
    post = thread.posts.get(position=2)
    other = UserFactory()
    like_post(post=post, user=member)
    client.force_login(other)
    page(client, thread.get_absolute_url())

    client.force_login(member)
    mine = page(client, thread.get_absolute_url()).split('id="post-2"')[1].split("</article>")[0]
    client.force_login(other)
    theirs = page(client, thread.get_absolute_url()).split('id="post-2"')[1]
    theirs = theirs.split("</article>")[0]

    assert 'aria-pressed="true">Unlike<' in mine
    assert "You like this." in mine
    assert 'aria-pressed="false">Like<' in theirs
    assert f">{member.username}</a> likes this." in theirs


def test_cached_posts_carry_a_working_csrf_token_in_every_form(client, thread, member):
    from forum.posts.models import Like

    post = thread.posts.get(position=2)
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.force_login(member)
    page(csrf_client, thread.get_absolute_url())
    html = page(csrf_client, thread.get_absolute_url())

    assert "csrf-slot-" not in html
    forms = html.count('method="post"')
    assert forms and html.count('name="csrfmiddlewaretoken" value="') == forms
    token = html.split('id="post-2"')[1].split('name="csrfmiddlewaretoken" value="')[1]
    response = csrf_client.post(
        f"/posts/{post.pk}/like/", {"csrfmiddlewaretoken": token.split('"')[0]}
    )
    assert response.status_code in (200, 302)
    assert Like.objects.filter(post=post, user=member).exists()


@pytest.mark.parametrize("posts", [5, 300])
def test_logged_in_thread_pages_cost_the_same_few_queries_at_any_length(
    client, board, member, posts, django_assert_max_num_queries
):
    thread = make_thread(posts=posts, board=board)
    for post in thread.posts.order_by("position")[:: max(posts // 10, 1)]:
        like_post(post=post, user=UserFactory())
    client.force_login(member)

    for url in [thread.get_absolute_url(), thread.get_page_url(thread.page_count)]:
        # Member, their permissions (two, until the cache holds them), thread (with whether
        # they watch it and how far they read it), posts (with their latest likers), their read
        # marker moved on.
        with django_assert_max_num_queries(6):
            page(client, url)


def test_cached_pages_show_a_moderators_rename_at_once(client, board, moderator):
    from forum.threads.services import rename_thread

    thread = make_thread(posts=2, board=board, title="Old title")
    page(client, board.get_absolute_url())
    page(client, thread.get_absolute_url())

    rename_thread(thread=thread, title="A better title", by=moderator)
    thread.refresh_from_db()

    assert "A better title" in page(client, board.get_absolute_url())
    assert "A better title" in page(client, thread.get_absolute_url())


def test_cached_thread_page_shows_a_moderators_lock_at_once(client, thread, moderator):
    from forum.threads.services import lock_thread

    assert "This thread is locked" not in page(client, thread.get_absolute_url())

    lock_thread(thread=thread, by=moderator, reason="Off topic")

    assert "This thread is locked" in page(client, thread.get_absolute_url())


def test_a_page_that_asks_for_a_csrf_token_is_never_shared(rf):
    from django.contrib.sessions.backends.cache import SessionStore
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from forum.cache import shared_page

    renders = []

    def render_page(request):
        renders.append(request)
        return HttpResponse(f"<input name=csrfmiddlewaretoken value={get_token(request)}>")

    for _ in range(2):
        request = rf.get("/a-page/")
        request.session = SessionStore()
        shared_page(request, ("a page",), lambda request=request: render_page(request))

    assert len(renders) == 2


def test_a_post_body_holding_the_csrf_slot_keeps_it_and_only_the_forms_get_the_token(
    client, thread, member
):
    import re

    from forum.cache import _csrf_slot
    from forum.markup import render_post_body

    # An author who knows SECRET_KEY plants the slot where a token would reach their server.
    planted = f"https://collector.example/{_csrf_slot()}.png"
    body = f"![x]({planted})"
    thread.posts.filter(position=2).update(body=body, body_html=render_post_body(body))
    client.force_login(member)
    page(client, thread.get_absolute_url())
    html = page(client, thread.get_absolute_url())

    assert f'src="{planted}"' in html
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', html)
    assert len(tokens) == html.count('method="post"') > 1
    assert all(re.fullmatch(r"[A-Za-z0-9]{64}", token) for token in tokens)


# ---- touch: every write that changes a page, whatever the door ----------------------------


def test_cached_board_page_shows_a_thread_imported_into_it_at_once(client, tmp_path):
    from django.core.management import call_command

    from forum.boards.models import Board
    from tests.importer.dumps import SEED_PATH

    existing = make_thread(posts=1, board=BoardFactory(name="Europe and Russia"))
    board = Board.objects.get(pk=existing.board_id)
    assert "Central Asian" not in page(client, board.get_absolute_url())

    call_command("import_thread", str(SEED_PATH), "--board", board.name, stdout=io.StringIO())

    assert "Central Asian" in page(client, board.get_absolute_url())


def test_cached_thread_page_shows_an_authors_new_role_at_once(client, thread, administrator):
    author = thread.posts.get(position=2).author
    assert "Moderator" not in page(client, thread.get_absolute_url())

    set_member_role(user=author, role=Role.MODERATOR, by=administrator)

    assert "Moderator" in page(client, thread.get_absolute_url())


def test_cached_thread_page_shows_an_authors_new_title_at_once(client, thread, moderator):
    author = thread.posts.get(position=2).author
    page(client, thread.get_absolute_url())

    change_member_title(member=author, title="Night owl", by=moderator)

    assert "Night owl" in page(client, thread.get_absolute_url())


def test_cached_pages_show_a_username_changed_in_the_admin_at_once(client, thread, administrator):
    author = thread.posts.get(position=2).author
    page(client, thread.get_absolute_url())
    page(client, thread.board.get_absolute_url())
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_change", args=[author.pk]),
        member_form(author, username="renamed-member"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    client.cookies.clear()

    assert "renamed-member" in page(client, thread.get_absolute_url())


def test_cached_thread_page_shows_counters_recount_fixed_at_once(client, thread):
    from django.core.management import call_command

    from forum.posts.models import Post

    post = thread.posts.get(position=2)
    Post.objects.filter(pk=post.pk).update(like_count=5)  # wrong, as a crash could leave it
    assert "5 likes" in page(client, thread.get_absolute_url())  # cached with the wrong count

    call_command("recount", stdout=io.StringIO())

    assert "5 likes" not in page(client, thread.get_absolute_url())


def test_touch_raises_each_version_once(thread):
    from forum.boards.models import Board
    from forum.threads.models import Thread

    touch(threads=[thread], boards=[thread.board])

    assert Thread.objects.get(pk=thread.pk).version == thread.version + 1
    assert Board.objects.get(pk=thread.board_id).version == thread.board.version + 1


def test_touching_a_member_changes_every_shared_pages_key(rf, thread):
    before = members_stamp()

    touch(members=[thread.starter])

    assert members_stamp() != before


def test_a_page_cached_for_one_host_is_not_served_for_another(client, thread):
    page(client, thread.get_absolute_url())

    html = client.get(thread.get_absolute_url(), HTTP_HOST="localhost").content.decode()

    assert f'rel="canonical" href="http://localhost{thread.get_absolute_url()}"' in html
