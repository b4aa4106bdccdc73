"""Following a member: the services, and the Follow / Unfollow button of a member's profile."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.follow.models import FollowedMember
from forum.follow.services import CannotFollowOneself, follow_member, unfollow_member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def follows(follower, followed):
    return FollowedMember.objects.filter(follower=follower, followed=followed).exists()


def test_following_a_member_records_it(reader, writer):
    follow_member(by=reader, member=writer)
    assert follows(reader, writer)
    assert not follows(writer, reader)


def test_following_twice_is_following_once(reader, writer):
    follow_member(by=reader, member=writer)
    follow_member(by=reader, member=writer)
    assert FollowedMember.objects.filter(follower=reader).count() == 1


def test_unfollowing_ends_it(reader, writer):
    follow_member(by=reader, member=writer)
    unfollow_member(by=reader, member=writer)
    assert not follows(reader, writer)


def test_unfollowing_a_member_not_followed_changes_nothing(reader, writer):
    unfollow_member(by=reader, member=writer)
    assert FollowedMember.objects.count() == 0


def test_nobody_follows_themselves(reader):
    with pytest.raises(CannotFollowOneself):
        follow_member(by=reader, member=reader)
    assert FollowedMember.objects.count() == 0


def test_the_database_refuses_a_self_follow_too(reader):
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowedMember.objects.create(follower=reader, followed=reader)


def test_a_deleted_member_takes_their_follows_with_them(reader, writer):
    follow_member(by=reader, member=writer)
    writer.delete()
    assert FollowedMember.objects.count() == 0


# ---- The profile's button ----------------------------------------------------------------


def profile(client, member):
    return client.get(member.get_absolute_url()).content.decode()


def test_a_member_sees_follow_on_anothers_profile(client, reader, writer):
    client.force_login(reader)
    page = profile(client, writer)
    assert reverse("follow:follow_member", args=[writer.pk]) in page
    assert "Follow bob" in page


def test_a_member_following_sees_unfollow(client, reader, writer):
    follow_member(by=reader, member=writer)
    client.force_login(reader)
    page = profile(client, writer)
    assert "Unfollow bob" in page
    assert "Follow bob<" not in page


def test_a_visitor_sees_no_follow_button(client, writer):
    page = profile(client, writer)
    assert reverse("follow:follow_member", args=[writer.pk]) not in page


def test_a_member_sees_no_follow_button_on_their_own_profile(client, reader):
    client.force_login(reader)
    page = profile(client, reader)
    assert reverse("follow:follow_member", args=[reader.pk]) not in page


def test_the_button_follows_without_javascript(client, reader, writer):
    client.force_login(reader)
    response = client.post(reverse("follow:follow_member", args=[writer.pk]), {"follow": "1"})
    assert response.status_code == 302
    assert response["Location"] == writer.get_absolute_url()
    assert follows(reader, writer)
    assert "Unfollow bob" in profile(client, writer)


def test_the_button_unfollows(client, reader, writer):
    follow_member(by=reader, member=writer)
    client.force_login(reader)
    response = client.post(reverse("follow:follow_member", args=[writer.pk]), {"follow": "0"})
    assert response.status_code == 302
    assert not follows(reader, writer)


def test_a_visitor_is_sent_to_log_in_and_nothing_is_followed(client, writer):
    response = client.post(reverse("follow:follow_member", args=[writer.pk]), {"follow": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert FollowedMember.objects.count() == 0


def test_following_oneself_through_the_url_is_refused(client, reader):
    client.force_login(reader)
    response = client.post(reverse("follow:follow_member", args=[reader.pk]), {"follow": "1"})
    assert response.status_code == 403
    assert FollowedMember.objects.count() == 0


def test_following_is_a_post_only(client, reader, writer):
    client.force_login(reader)
    response = client.get(reverse("follow:follow_member", args=[writer.pk]))
    assert response.status_code == 405
    assert FollowedMember.objects.count() == 0


def test_following_an_unknown_member_is_404(client, reader):
    client.force_login(reader)
    response = client.post(reverse("follow:follow_member", args=[999_999]), {"follow": "1"})
    assert response.status_code == 404


def test_a_banned_member_may_still_follow(client, banned_member, writer):
    client.force_login(banned_member)
    client.post(reverse("follow:follow_member", args=[writer.pk]), {"follow": "1"})
    assert follows(banned_member, writer)


def test_the_button_costs_one_query_whether_following_or_not(client, reader):
    other = UserFactory(username="other")
    client.force_login(reader)
    profile(client, other)
    follow_member(by=reader, member=other)
    # The same number followed or not: one EXISTS either way.
    with CaptureQueriesContext(connection) as followed:
        profile(client, other)
    unfollow_member(by=reader, member=other)
    with CaptureQueriesContext(connection) as unfollowed:
        profile(client, other)
    assert len(followed) == len(unfollowed)
    assert sum('"follow_followedmember"' in q["sql"] for q in followed) == 1
