from urllib.parse import unquote

import pytest

from accounts.models import User
from forum.posts.services import hide_post
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db


def test_profile_shows_the_members_facts(client, seed):
    pmaitra = User.objects.get(username="pmaitra")

    html = client.get(pmaitra.get_absolute_url()).content.decode()

    for text in ["pmaitra", "Moderator", "Mar 10, 2009", "EST, USA"]:
        assert text in html


def test_profile_shows_messages_and_likes_received(client, seed):
    yusuf = User.objects.get(username="Yusuf")
    User.objects.filter(pk=yusuf.pk).update(likes_received=3, imported_likes_received=1204)

    response = client.get(yusuf.get_absolute_url())

    assert response.context["member"].total_likes_received == 1207
    assert "1,207" in response.content.decode()


def test_profile_lists_the_members_recent_posts(client, seed):
    alien = User.objects.get(username="Alien")

    response = client.get(alien.get_absolute_url())

    assert [post.position for post in response.context["recent_posts"]] == [7]
    assert seed.title in response.content.decode()


def test_profile_leaves_out_hidden_posts(client, board):
    thread = make_thread(posts=2, board=board)
    reply = thread.posts.get(position=2)
    hide_post(post=reply, by=reply.author)

    response = client.get(reply.author.get_absolute_url())

    assert list(response.context["recent_posts"]) == []


def test_profile_with_a_wrong_slug_redirects(client, seed):
    yusuf = User.objects.get(username="Yusuf")

    response = client.get(f"/members/someone-else.{yusuf.pk}/")

    assert response.status_code == 301
    assert response["Location"] == yusuf.get_absolute_url()


def test_profile_of_a_non_ascii_username_has_a_readable_address(client, db):
    member = User.objects.create(username="Jürgen")

    assert unquote(member.get_absolute_url()) == f"/members/jürgen.{member.pk}/"
    assert client.get(member.get_absolute_url()).status_code == 200


def test_missing_member_is_not_found(client, db):
    assert client.get("/members/nobody.999/").status_code == 404
