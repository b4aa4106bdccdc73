"""The thread page with likes, reply box and actions still costs a fixed number of queries."""

import pytest
from django.urls import reverse

from forum.posts.models import Like, Post
from forum.posts.services import like_post
from tests.factories import UserFactory
from tests.helpers import fix_all_counters, make_thread

pytestmark = pytest.mark.django_db


def like_every_post(thread, likers):
    posts = list(thread.posts.all())
    Like.objects.bulk_create(Like(post=post, user=user) for post in posts for user in likers)
    fix_all_counters()


@pytest.mark.parametrize(("posts", "likers"), [(5, 1), (40, 12)])
def test_a_visitors_thread_page_with_likes_costs_three_queries(
    client, board, posts, likers, django_assert_max_num_queries
):
    thread = make_thread(posts=posts, board=board)
    like_every_post(thread, UserFactory.create_batch(likers))

    # thread, its starter (read apart when a page may come from the shared cache), posts: the
    # latest likers are stored on the posts
    with django_assert_max_num_queries(3):
        response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert all(post.like_summary.likers for post in response.context["posts"])


@pytest.mark.parametrize(("posts", "likers"), [(5, 1), (40, 12)])
def test_a_members_thread_page_with_likes_and_actions_costs_a_fixed_number(
    client, board, member, posts, likers, django_assert_max_num_queries
):
    thread = make_thread(posts=posts, board=board)
    like_every_post(thread, [member, *UserFactory.create_batch(likers)])
    Post.objects.filter(thread=thread, position__in=[2, 3]).update(author=member)
    client.force_login(member)

    # user, the member's permissions (two, until the cache holds them), thread (with whether
    # they watch it, their read marker and whether an alert waits in it), posts (with their
    # likers), their read marker moved on; the session is in the cache, the header's alert
    # count on the member's row
    with django_assert_max_num_queries(6):
        response = client.get(thread.get_absolute_url())
    html = response.content.decode()
    assert all(post.like_summary.likers[0] is None for post in response.context["posts"])
    assert reverse("posts:edit", kwargs={"pk": thread.posts.get(position=2).pk}) in html


@pytest.mark.parametrize("posts", [5, 60])
def test_the_reply_page_with_quotes_costs_a_fixed_number(
    client, board, member, posts, django_assert_max_num_queries
):
    thread = make_thread(posts=posts, board=board)
    quoted = "&".join(f"quote={pk}" for pk in thread.posts.values_list("pk", flat=True)[:20])
    client.force_login(member)

    # session, user, thread, the quoted posts, the member's permissions (two)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("posts:reply", kwargs={"pk": thread.pk}) + "?" + quoted)
    assert response.context["form"]["body"].value().count("[/quote]") == min(posts, 20)


@pytest.mark.parametrize(("posts", "likers"), [(5, 1), (40, 12)])
def test_a_members_first_look_at_a_page_asks_no_query_for_its_likers(
    client, board, member, posts, likers, django_assert_max_num_queries
):
    thread = make_thread(posts=posts, board=board)
    like_every_post(thread, UserFactory.create_batch(likers))
    client.force_login(member)

    # user, the member's permissions (two), thread, posts: no likers query; their read marker
    with django_assert_max_num_queries(6):
        response = client.get(thread.get_absolute_url())
    assert all(post.like_summary.likers for post in response.context["posts"])


def test_a_like_shows_at_once_on_another_members_page_seen_before(client, board, member):
    thread = make_thread(posts=3, board=board)
    post = thread.posts.get(position=2)
    like_post(post=post, user=UserFactory(username="first_liker"))
    client.force_login(member)
    client.get(thread.get_absolute_url())

    like_post(post=post, user=UserFactory(username="second_liker"))
    html = client.get(thread.get_absolute_url()).content.decode()

    assert ">second_liker</a> and <a" in html and "2 likes" in html
