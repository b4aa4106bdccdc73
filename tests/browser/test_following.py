"""Following in headless Chromium: a member watches a thread, is quoted in it, sees the alert
in the header, opens it, lands on the post, and the thread is read."""

import re

import pytest
from playwright.sync_api import expect

from forum.follow.models import Preferences
from forum.posts.services import reply_to_thread, start_thread
from tests.browser.axe import assert_accessible
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def quoted_thread(db, settings):
    settings.FORUM_FLOOD_INTERVAL = 0
    board = BoardFactory(name="Trail talk", slug="trail-talk")
    starter = UserFactory(username="cat")
    ann = UserFactory(username="ann")
    # Ann watches nothing of her own accord: the button is what makes her watch.
    Preferences.objects.create(user=ann, watch_own_threads=False)
    thread = start_thread(board=board, author=starter, title="Ridge walks", body="Where to?")
    ann_post = reply_to_thread(thread=thread, author=ann, body="The north ridge, at dawn.")
    return thread, ann, ann_post


def test_a_watcher_is_quoted_sees_the_alert_and_lands_on_the_post(
    page, chromium, live_server, log_in_as, quoted_thread
):
    thread, ann, ann_post = quoted_thread
    log_in_as(page, ann)
    page.goto(thread.get_absolute_url())
    page.get_by_role("button", name="Watch this thread").click()
    expect(page.get_by_role("button", name="Stop watching")).to_be_visible()
    assert_accessible(page)

    ben_context = chromium.new_context(base_url=live_server.url)
    try:
        ben_page = ben_context.new_page()
        log_in_as(ben_page, UserFactory(username="ben"))
        ben_page.goto(f"/threads/{thread.pk}/reply/?quote={ann_post.pk}")
        assert_accessible(ben_page)
        box = ben_page.locator("textarea[name=body]")
        expect(box).to_have_value(re.compile(r'^\[quote="ann, post:2"\]'))
        box.press("Control+End")
        box.type("Dawn is cold up there.")
        ben_page.get_by_role("button", name="Post reply").click()
        ben_page.wait_for_url(re.compile(r".*#post-3$"))
        assert_accessible(ben_page)
    finally:
        ben_context.close()

    page.goto("/")
    alerts_link = page.get_by_role("link", name=re.compile(r"^Alerts"))
    expect(alerts_link).to_contain_text("1")
    expect(page.locator(".node .badge--unread")).to_have_count(1)
    assert_accessible(page)

    alerts_link.click()
    page.wait_for_url("**/alerts/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("ben quoted your post in “Ridge walks”")).click()

    page.wait_for_url(re.compile(r".*/threads/ridge-walks\.\d+/#post-3$"))
    expect(page.locator("#post-3")).to_contain_text("Dawn is cold up there.")
    expect(page.get_by_role("link", name=re.compile(r"^Alerts"))).to_have_text("Alerts")
    assert_accessible(page)

    page.goto(thread.board.get_absolute_url())
    expect(page.get_by_role("link", name="Ridge walks")).to_have_attribute(
        "href", thread.get_absolute_url()
    )
    expect(page.locator(".thread-row .badge--unread")).to_have_count(0)
    assert_accessible(page)


def test_new_posts_marking_read_and_the_alert_preferences(page, log_in_as, quoted_thread):
    thread, ann, _ = quoted_thread
    log_in_as(page, UserFactory(username="dora", date_joined=thread.created_at))
    page.goto("/")
    page.get_by_role("link", name="New posts").first.click()
    page.wait_for_url("**/new-posts/")
    expect(page.get_by_role("link", name="Ridge walks")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Mark all read").click()
    page.wait_for_url("**/")
    expect(page.locator(".badge--unread")).to_have_count(0)
    assert_accessible(page)

    page.goto("/account/alerts/")
    assert_accessible(page)
    page.get_by_label("Replies in watched threads, by mail").check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_text("Your alert preferences are saved.")).to_be_visible()
    assert page.get_by_label("Replies in watched threads, by mail").is_checked()
    assert_accessible(page)
