from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.services import ban_member
from forum.posts.services import hide_post
from tests.factories import UserFactory
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


def test_profile_shows_an_imported_members_unknown_counts_as_unknown_not_zero(client, seed):
    html = client.get(User.objects.get(username="Alien").get_absolute_url()).content.decode()

    assert html.count('title="Not in the imported page"') == 2
    assert "<dd>0</dd>" not in html


def test_profile_shows_the_imported_banner_as_text_without_the_roles_style(client, seed):
    html = client.get(User.objects.get(username="Yusuf").get_absolute_url()).content.decode()

    assert ">Administrator</p>" in html
    assert "role-banner--imported" in html
    assert "role-banner role-administrator" not in html


def test_profile_shows_the_name_an_import_had_to_clean_escaped(client, db):
    member = User.objects.create(username="svg_onload", imported_name='"><svg onload=x>')

    html = client.get(member.get_absolute_url()).content.decode()

    assert "Imported as “&quot;&gt;&lt;svg onload=x&gt;”" in html
    assert "<svg onload" not in html


def test_profile_lists_the_members_recent_posts(client, seed):
    alien = User.objects.get(username="Alien")

    response = client.get(alien.get_absolute_url())

    assert [post.position for post in response.context["recent_posts"]] == [8]
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


def test_a_moderator_reads_a_members_ban_on_their_profile(client, moderator, member):
    ban_member(member=member, by=moderator, reason="Flooding the market board")
    client.force_login(moderator)

    html = client.get(member.get_absolute_url()).content.decode()

    assert "Banned with no end: Flooding the market board" in html


def test_a_ban_with_an_end_says_until_when(client, moderator, member):
    ban_member(
        member=member, by=moderator, reason="Cool off", until=timezone.now() + timedelta(days=2)
    )
    client.force_login(moderator)

    html = client.get(member.get_absolute_url()).content.decode()

    assert "Banned until " in html
    assert ": Cool off" in html


@pytest.mark.parametrize("viewer", ["visitor", "member"])
def test_members_and_visitors_are_not_shown_anothers_ban(client, moderator, member, viewer):
    ban_member(member=member, by=moderator, reason="Flooding the market board")
    if viewer == "member":
        client.force_login(UserFactory())

    html = client.get(member.get_absolute_url()).content.decode()

    assert "Flooding the market board" not in html


def test_the_profile_shows_what_the_member_wrote_of_themselves(client, db):
    from accounts.services import update_profile

    member = UserFactory()
    client.get(member.get_absolute_url())  # cached for visitors before the change

    update_profile(
        member=member,
        by=member,
        location="Oslo",
        website="https://example.org/",
        about="Fond of fjords.",
        signature="*Skål*",
    )

    html = client.get(member.get_absolute_url()).content.decode()
    assert "Fond of fjords." in html
    assert 'href="https://example.org/"' in html
    assert "<em>Skål</em>" in html


def test_a_members_own_profile_reads_their_row_once(client, board, django_assert_num_queries):
    thread = make_thread(posts=3, board=board)
    author = thread.starter
    # Their permission names in the cache, as after a member's first page.
    User.objects.get(pk=author.pk).get_all_permissions()
    client.force_login(author)

    # The member (for the request, and as the profile shown), their recent posts.
    with django_assert_num_queries(2):
        response = client.get(author.get_absolute_url())

    assert response.status_code == 200
    assert author.username in response.content.decode()


def test_a_members_own_profile_with_a_wrong_slug_redirects(client, member):
    client.force_login(member)

    response = client.get(f"/members/wrong.{member.pk}/")

    assert response.status_code == 301
    assert response["Location"] == member.get_absolute_url()
