"""Following a member in headless Chromium: Bob accepts conversations only from members he
follows; Alice is refused until Bob follows her from her profile. axe runs on every page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import ConversationsFrom, User
from forum.follow.models import FollowedMember
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def start_conversation_with_bob(page):
    page.goto(reverse("conversations:start") + "?to=bob")
    page.get_by_label("Title").fill("Hello")
    page.get_by_label("Message").fill("Hi Bob")
    page.get_by_role("button", name="Start the conversation").click()


def test_bob_follows_alice_and_then_hears_from_her(page, chromium, live_server, log_in_as):
    alice = UserFactory(username="alice")
    User.objects.filter(pk=alice.pk).update(message_count=10)  # past the new member's limit
    bob = UserFactory(username="bob", conversations_from=ConversationsFrom.FOLLOWED)

    log_in_as(page, alice)
    start_conversation_with_bob(page)
    expect(
        page.get_by_text("bob accepts conversations only from members they follow.")
    ).to_be_visible()
    assert_accessible(page)

    context = chromium.new_context(base_url=live_server.url)
    bob_page = context.new_page()
    bob_page.set_default_timeout(10_000)
    log_in_as(bob_page, bob)
    bob_page.goto(alice.get_absolute_url())
    assert_accessible(bob_page)
    bob_page.get_by_role("button", name="Follow alice").click()
    expect(bob_page.get_by_role("button", name="Unfollow alice")).to_be_visible()
    assert_accessible(bob_page)
    assert FollowedMember.objects.filter(follower=bob, followed=alice).exists()
    context.close()

    start_conversation_with_bob(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello")
    assert_accessible(page)
