"""Signing up in headless Chromium: from a thread page, through the mail, back to that page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from forum.posts.services import start_thread
from tests.browser.axe import assert_accessible
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long and unusual passphrase"


def test_confirming_the_email_logs_the_newcomer_in_on_the_page_they_came_from(page, settings):
    settings.FORUM_SIGNUP_MIN_SECONDS = 0  # a script types faster than any person
    board = BoardFactory(name="General chat", slug="general-chat")
    thread = start_thread(
        board=board, author=UserFactory(username="alice"), title="Trails", body="The Pennine Way."
    )
    page.goto(thread.get_absolute_url())
    assert_accessible(page)

    page.get_by_role("link", name="Sign up").click()
    assert_accessible(page)
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Email").fill("newcomer@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.locator("form.account-form").get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify your email address")
    assert_accessible(page)

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(re.escape(thread.get_absolute_url()) + "$"))
    expect(page.locator(".account-nav__member")).to_have_text("newcomer")
    expect(page.locator("#reply textarea[name=body]")).to_be_visible()
    assert_accessible(page)
