"""A starts a conversation with B and C from B's profile; B sees the header count, opens it and
replies; A sees theirs; C leaves. axe runs on every page visited."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page_of(chromium, live_server, log_in_as):
    """A browser of its own for each member, logged in as them."""
    contexts = []

    def open_page(member):
        context = chromium.new_context(base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in_as(page, member)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_a_conversation_between_three_members(page, page_of, log_in_as):
    alice = UserFactory(username="alice")
    User.objects.filter(pk=alice.pk).update(message_count=10)  # past the new member's limit
    bob = UserFactory(username="bob")
    carol = UserFactory(username="carol")

    # Alice starts it from Bob's profile and adds Carol.
    log_in_as(page, alice)
    page.goto(bob.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="Start a conversation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a conversation")
    expect(page.get_by_label("Recipients")).to_have_value("bob")
    assert_accessible(page)
    page.get_by_label("Recipients").fill("bob, carol")
    page.get_by_label("Title").fill("Saturday meet-up")
    page.get_by_label("Message").fill("Shall we meet at **noon**?")
    page.get_by_role("button", name="Start the conversation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Saturday meet-up")
    expect(page.locator(".post__body strong")).to_have_text("noon")
    assert_accessible(page)

    # Bob sees one unread conversation in the header, opens it and replies.
    bob_page = page_of(bob)
    bob_page.goto("/")
    expect(bob_page.locator(".header-conversations__count")).to_contain_text("1")
    assert_accessible(bob_page)
    bob_page.locator(".header-conversations").click()
    expect(bob_page.locator(".conversation-row.is-unread")).to_contain_text("Saturday meet-up")
    assert_accessible(bob_page)
    bob_page.get_by_role("link", name="Saturday meet-up").click()
    expect(bob_page.locator(".header-conversations__count")).to_have_count(0)
    assert_accessible(bob_page)
    bob_page.get_by_role("textbox", name="Message").fill("Noon works for me.")
    bob_page.get_by_role("button", name="Send reply").click()
    expect(bob_page.locator("#message-2")).to_contain_text("Noon works for me.")
    assert_accessible(bob_page)

    # Alice now has it unread.
    page.goto("/")
    expect(page.locator(".header-conversations__count")).to_contain_text("1")
    assert_accessible(page)

    # Carol leaves it; it is gone from her list.
    carol_page = page_of(carol)
    carol_page.goto("/conversations/")
    assert_accessible(carol_page)
    carol_page.get_by_role("link", name="Saturday meet-up").click()
    assert_accessible(carol_page)
    carol_page.get_by_role("link", name="Leave").click()
    assert_accessible(carol_page)
    carol_page.get_by_role("button", name="Leave the conversation").click()
    expect(carol_page.locator(".messages")).to_contain_text("You left the conversation")
    expect(carol_page.locator(".conversation-list")).to_have_count(0)
    assert_accessible(carol_page)
