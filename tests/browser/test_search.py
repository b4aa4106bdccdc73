import re

import pytest
from django.core.management import call_command

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(db, settings):
    settings.FORUM_SEARCH_VISITOR_RATE = "100/60"
    call_command("seed_forum", verbosity=0)


def test_a_visitor_searches_from_the_header_and_reaches_the_post_found(page, seeded):
    page.goto("/")
    assert_accessible(page)

    box = page.get_by_role("search", name="Quick search").get_by_role("searchbox")
    box.fill("Warsaw pact")
    box.press("Enter")
    page.wait_for_url("**/search/?q=Warsaw+pact")
    assert_accessible(page)

    hit = page.locator(".search-hit").first
    assert [mark.inner_text() for mark in hit.locator("mark").all()] == ["warsaw", "pact"]
    assert "post #4" in hit.inner_text()

    hit.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r".*/threads/.*#post-4$"))
    assert_accessible(page)
    assert "revive warsaw pact" in page.locator("#post-4").inner_text()


def test_this_thread_keeps_the_search_to_the_thread_being_read(page, seeded):
    page.goto("/")
    page.get_by_role(
        "link", name="Vladimir Putin announces Russia-led Central Asian military force"
    ).first.click()
    page.wait_for_url("**/threads/**")
    assert_accessible(page)

    header = page.get_by_role("search", name="Quick search")
    header.get_by_role("checkbox", name="This thread").check()
    header.get_by_role("searchbox").fill("China -Pakistan")
    header.get_by_role("searchbox").press("Enter")
    page.wait_for_url("**/search/**")
    assert_accessible(page)

    assert page.get_by_role("checkbox", name=re.compile("Only in the thread")).is_checked()
    numbers = page.locator(".search-hit .meta").all_inner_texts()
    assert numbers and all("post #" in text for text in numbers)
    assert not any("post #6" in text for text in numbers)  # names Pakistan
