"""Ignoring a member: their posts and messages fold away for the ignorer alone."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.services import IgnoreListFull, ignore_member, unignore_member
from forum.conversations import services
from forum.posts.services import reply_to_thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FOLDED = '<details class="post__ignored">'


@pytest.fixture
def troll(db):
    return UserFactory(username="troll")


def test_a_member_ignores_and_stops_ignoring_from_the_profile(client, member, troll):
    client.force_login(member)
    url = reverse("accounts:ignore", args=[troll.pk])
    client.post(url, {"ignore": "1"})
    assert User.objects.get(pk=member.pk).ignoring == [troll.pk]
    assert "troll" in client.get(reverse("accounts:account_ignoring")).content.decode()
    client.post(url, {"ignore": "0"})
    assert User.objects.get(pk=member.pk).ignoring == []


def test_staff_cannot_be_ignored(client, member, moderator):
    client.force_login(member)
    response = client.post(reverse("accounts:ignore", args=[moderator.pk]), {"ignore": "1"})
    assert response.status_code == 403
    assert User.objects.get(pk=member.pk).ignoring == []


def test_the_ignore_list_has_a_limit(settings, member, troll):
    settings.FORUM_IGNORE_MAX = 1
    ignore_member(member=member, ignored=UserFactory())
    with pytest.raises(IgnoreListFull):
        ignore_member(member=member, ignored=troll)


def test_ignored_posts_fold_away_for_the_ignorer_alone(client, thread, member, troll, settings):
    settings.FORUM_FLOOD_INTERVAL = 0
    reply_to_thread(thread=thread, author=troll, body="Bait")
    reader = UserFactory(username="other-reader")
    ignore_member(member=member, ignored=troll)

    client.force_login(member)
    ignorer_page = client.get(thread.get_page_url(1)).content.decode()
    # The same post, cached for the ignorer a moment ago, is not what another member gets.
    client.force_login(reader)
    reader_page = client.get(thread.get_page_url(1)).content.decode()

    assert ignorer_page.count(FOLDED) == 1
    assert "You are ignoring troll" in ignorer_page
    assert FOLDED not in reader_page
    assert "Bait" in reader_page


def test_stopping_ignoring_unfolds_the_posts_at_once(client, thread, member, troll, settings):
    settings.FORUM_FLOOD_INTERVAL = 0
    reply_to_thread(thread=thread, author=troll, body="Bait")
    ignore_member(member=member, ignored=troll)
    client.force_login(member)
    client.get(thread.get_page_url(1))
    unignore_member(member=User.objects.get(pk=member.pk), ignored=troll)
    assert FOLDED not in client.get(thread.get_page_url(1)).content.decode()


def test_ignored_messages_fold_away_in_a_conversation(client, member, troll, settings):
    settings.FORUM_CONVERSATION_NEW_MEMBER_POSTS = 0
    conversation = services.start_conversation(
        starter=troll, recipients=[member], title="Hi", body="Bait"
    )
    ignore_member(member=member, ignored=troll)
    client.force_login(member)
    page = client.get(conversation.get_absolute_url()).content.decode()
    assert FOLDED in page
