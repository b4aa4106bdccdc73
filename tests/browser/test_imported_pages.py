"""A thread imported from saved XenForo pages, as a reader sees it."""

from pathlib import Path

import pytest
from django.core.management import call_command

from forum.threads.models import Thread
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = Path(__file__).resolve().parent.parent / "importer" / "pages"


def test_reader_sees_source_likes_signature_banners_and_unknowns(page):
    call_command(
        "import_thread",
        str(PAGES / "xf1_default.html"),
        str(PAGES / "xf1_default_page2.html"),
        verbosity=0,
    )
    page.goto(Thread.objects.get().get_absolute_url())
    first = page.locator("#post-1")
    assert "Liked on the source forum by Ravi, Meera and 7 others" in first.inner_text()
    assert "Weather is what you get." in first.inner_text()
    assert "STAFF MEMBER" in first.inner_text().upper()
    assert "12,345" in first.inner_text()
    assert "Post #2 was not in the imported page." in page.locator("main").inner_text()
    assert_accessible(page)


def test_reader_sees_a_day_unknown_and_a_join_date_not_shown(page):
    call_command("import_thread", str(PAGES / "chromium_xf1.txt"), verbosity=0)
    call_command("import_thread", str(PAGES / "xf1_customised.html"), verbosity=0)
    for thread in Thread.objects.all():
        page.goto(thread.get_absolute_url())
        assert_accessible(page)
    page.goto(Thread.objects.get(title="Best budget telescope?").get_absolute_url())
    assert "Day unknown" in page.locator("#post-4").inner_text()
