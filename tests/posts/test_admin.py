"""Likes in the admin (``forum.posts.admin.LikeAdmin``): read, filtered, taken back through the
service; never made there."""

import pytest
from django.urls import reverse

from accounts.models import User
from forum.posts.models import Like, Post
from forum.posts.services import like_post
from tests.helpers import assert_counters_true

pytestmark = pytest.mark.django_db

LIKES = reverse("admin:posts_like_changelist")


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def like(thread, member):
    post = thread.posts.get(position=2)
    like_post(post=post, user=member)
    return Like.objects.get(post=post, user=member)


def test_an_administrator_cannot_add_a_like_in_the_admin(admin_client, thread):
    post = thread.posts.get(position=2)

    page = admin_client.get(reverse("admin:posts_like_add"))
    sent = admin_client.post(
        reverse("admin:posts_like_add"), {"user": post.author_id, "post": post.pk}
    )

    assert (page.status_code, sent.status_code) == (403, 403)
    assert not Like.objects.exists()


def test_a_like_reads_but_does_not_change_in_the_admin(admin_client, like, member):
    other = Post.objects.exclude(pk=like.post_id).first()

    admin_client.post(
        reverse("admin:posts_like_change", args=[like.pk]), {"user": member.pk, "post": other.pk}
    )

    assert Like.objects.get().post_id == like.post_id
    page = admin_client.get(reverse("admin:posts_like_change", args=[like.pk]))
    assert page.status_code == 200
    assert not page.context["adminform"].form.fields


def test_deleting_a_like_in_the_admin_takes_it_off_the_counters(admin_client, like):
    author = like.post.author

    admin_client.post(reverse("admin:posts_like_delete", args=[like.pk]), {"post": "yes"})

    assert not Like.objects.exists()
    assert Post.objects.get(pk=like.post_id).like_count == 0
    assert User.objects.get(pk=author.pk).likes_received == 0
    assert_counters_true()


def test_deleting_selected_likes_takes_them_off_the_counters(admin_client, like, thread):
    second = like_post(post=thread.posts.get(position=3), user=like.user) and Like.objects.last()

    admin_client.post(
        LIKES,
        {"action": "delete_selected", "_selected_action": [like.pk, second.pk], "post": "yes"},
    )

    assert not Like.objects.exists()
    assert_counters_true()


def test_the_likes_list_shows_the_post_and_its_thread(admin_client, like, thread):
    response = admin_client.get(LIKES)

    assert f"#2 in “{thread.title}”" in response.content.decode()
