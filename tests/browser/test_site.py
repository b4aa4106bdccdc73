"""What every page asks the server for, in headless Chromium at desktop and phone widths."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from forum.threads.models import Thread
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(db):
    call_command("loaddata", "seed_thread", verbosity=0)
    return Thread.objects.get()


@pytest.mark.parametrize("width", [1280, 375])
def test_reading_pages_ask_for_nothing_missing_and_pass_axe(page, seeded, settings, width):
    settings.FORUM_POSTS_PER_PAGE = 1  # the seed keeps its source numbers, #1 to #8: "1 2 … 8"
    page.set_viewport_size({"width": width, "height": 900})
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    page.goto("/")
    assert_accessible(page)
    page.goto(seeded.board.get_absolute_url())
    assert_accessible(page)
    row = page.locator(".thread-row").first
    expect(row.locator(".thread-row__pages a")).to_have_text(
        ["Page 1", "Page 2", "Last page, page 8"]
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    row.get_by_role("link", name="Last page, page 8").click()
    expect(page.locator("#post-8")).to_be_visible()
    assert_accessible(page)
    page.wait_for_load_state("networkidle")

    assert failed == []
    # Chromium asks for the icons outside the page's own requests: ask as it does.
    icons = page.evaluate(
        """Promise.all(
            [...document.querySelectorAll("link[rel~=icon]")].map((link) => link.href)
                .concat([new URL("/favicon.ico", location.href).href])
                .map((url) => fetch(url).then((response) => [url, response.status]))
        )"""
    )
    assert len(icons) == 3
    assert all(status == 200 for _, status in icons), icons
