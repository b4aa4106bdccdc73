"""Writing under a thread in headless Chromium: quotes that add up, the wait between posts."""

import re
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from forum.posts.models import Post
from forum.posts.services import reply_to_thread, start_thread
from tests.browser.axe import assert_accessible
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def five_posts(db):
    """A thread of five posts by five members."""
    board = BoardFactory(name="General chat", slug="general-chat")
    authors = [UserFactory(username=name) for name in ("ann", "ben", "cat", "dan", "eve")]
    thread = start_thread(board=board, author=authors[0], title="Trails", body="Post one.")
    for number, author in enumerate(authors[1:], start=2):
        reply_to_thread(thread=thread, author=author, body=f"Post {number}.")
    return thread


def test_multi_quote_keeps_the_quote_and_the_text_already_in_the_box(page, five_posts, log_in_as):
    log_in_as(page, UserFactory(username="walker"))
    page.goto(five_posts.get_absolute_url())
    assert_accessible(page)

    page.locator("#post-2").get_by_role("link", name="Quote").click()
    box = page.locator("#reply textarea[name=body]")
    expect(box).to_have_value(re.compile(r'^\[quote="ben, post:2"\]'))
    box.press("Control+End")
    box.type("I agree with ben.")
    page.locator("#post-3").get_by_label("Multi-quote").check()
    page.locator("#post-5").get_by_label("Multi-quote").check()
    page.get_by_role("button", name="Reply quoting the posts ticked").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Reply to “Trails”")
    body = page.locator("textarea[name=body]").input_value()
    assert re.fullmatch(
        r'\[quote="ben, post:2"\]\nPost 2\.\n\[/quote\]\n+I agree with ben\.\n\n'
        r'\[quote="cat, post:3"\]\nPost 3\.\n\[/quote\]\n+'
        r'\[quote="eve, post:5"\]\nPost 5\.\n\[/quote\]\n+',
        body,
    ), body
    assert_accessible(page)


def test_the_wait_between_posts_counts_down_to_when_posting_works_again(
    page, five_posts, log_in_as, settings
):
    settings.FORUM_FLOOD_INTERVAL = 30
    walker = UserFactory(username="walker")
    reply_to_thread(thread=five_posts, author=walker, body="A moment ago.")
    Post.objects.filter(author=walker).update(created_at=timezone.now() - timedelta(seconds=10))
    log_in_as(page, walker)
    page.clock.install()
    page.goto(five_posts.get_absolute_url())

    page.locator("#reply textarea[name=body]").fill("And again.")
    page.get_by_role("button", name="Post reply").click()
    error = page.locator(".editor__field .errorlist li")
    expect(error).to_have_text(re.compile(r"please wait \d+ seconds before posting again"))
    expect(page.locator("textarea[name=body]")).to_have_value("And again.")
    # From here the page's clock moves only by run_for(), so a slow machine cannot skew the count.
    page.clock.pause_at(datetime.now() + timedelta(seconds=1))
    page.clock.run_for(500)
    told = int(re.search(r"wait (\d+) seconds", error.inner_text()).group(1))
    assert 5 <= told <= 20

    page.clock.run_for(3_000)
    expect(error).to_have_text(re.compile(rf"please wait {told - 3} seconds before posting again"))
    page.clock.run_for(told * 1000)
    expect(error).to_have_text("You can post now.")
    page.clock.resume()  # axe-core waits on timers of its own
    assert_accessible(page)
