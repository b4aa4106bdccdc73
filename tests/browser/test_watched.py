"""The Watched pages in headless Chromium: a member finds them from the account area, stops
watching a thread, then all of them after confirming, then a board (axe on each page)."""

import re

import pytest
from playwright.sync_api import expect

from forum.follow.services import watch_board, watch_thread
from tests.browser.axe import assert_accessible
from tests.factories import BoardFactory, UserFactory
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def watcher(db):
    ann = UserFactory(username="ann")
    board = BoardFactory(name="Trail talk", slug="trail-talk")
    for title in ["Ridge walks", "Lake swims", "Hut suppers"]:
        watch_thread(user=ann, thread=make_thread(posts=3, board=board, title=title))
    watch_board(user=ann, board=board)
    return ann


def test_a_member_stops_watching_threads_and_a_board(page, log_in_as, watcher):
    log_in_as(page, watcher)
    page.goto("/account/")
    page.get_by_role("navigation", name="Account settings").get_by_role(
        "link", name="Watched"
    ).click()
    page.wait_for_url("**/account/watched/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Watched threads")
    expect(page.locator(".thread-row")).to_have_count(3)
    assert_accessible(page)

    page.get_by_role("button", name="Stop watching “Lake swims”").click()
    page.wait_for_url("**/account/watched/")
    expect(page.get_by_text("You no longer watch “Lake swims”.")).to_be_visible()
    expect(page.locator(".thread-row")).to_have_count(2)
    assert_accessible(page)

    page.get_by_role("link", name="Stop watching all threads…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop watching all threads?")
    assert_accessible(page)
    page.get_by_role("button", name="Stop watching all 2 threads").click()
    page.wait_for_url("**/account/watched/")
    expect(page.get_by_text("You no longer watch any thread.")).to_be_visible()
    expect(page.locator(".thread-row")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("navigation", name="Watched").get_by_role("link", name="Boards").click()
    page.wait_for_url("**/account/watched/boards/")
    expect(
        page.get_by_role("navigation", name="Account settings").get_by_role("link", name="Watched")
    ).to_have_attribute("aria-current", "true")
    assert_accessible(page)
    page.get_by_role("button", name="Stop watching Trail talk").click()
    page.wait_for_url("**/account/watched/boards/")
    expect(page.get_by_text("You no longer watch Trail talk.")).to_be_visible()
    expect(page.get_by_text(re.compile("You watch no board"))).to_be_visible()
    assert_accessible(page)
