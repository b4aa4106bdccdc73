import pytest
from django.core.management import call_command

from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(db):
    call_command("loaddata", "seed_thread", verbosity=0)


def test_reader_follows_the_index_to_the_seed_thread_and_a_profile(page, seeded):
    page.goto("/")
    assert page.get_by_role("link", name="Europe and Russia").first.is_visible()

    page.get_by_role("link", name="Europe and Russia").first.click()
    page.wait_for_url("**/boards/**")
    page.get_by_role(
        "link", name="Vladimir Putin announces Russia-led Central Asian military force"
    ).first.click()
    page.wait_for_url("**/threads/**")

    heading = page.get_by_role("heading", level=1)
    assert (
        heading.inner_text() == "Vladimir Putin announces Russia-led Central Asian military force"
    )
    assert page.locator("article.post").count() == 7
    first_post = page.locator("#post-1")
    assert "GUARDIAN" in first_post.inner_text()
    assert "Sent from my iPhone using Tapatalk" in first_post.inner_text()

    page.locator("#post-5").get_by_role("link", name="pmaitra").first.click()
    page.wait_for_url("**/members/**")

    assert page.get_by_role("heading", level=1).inner_text() == "pmaitra"
    assert "EST, USA" in page.locator("main").inner_text()


def test_thread_reads_on_a_phone_with_the_author_above_the_post(page, seeded):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/")
    page.get_by_role("link", name="Europe and Russia").first.click()
    page.wait_for_url("**/boards/**")
    page.get_by_role(
        "link", name="Vladimir Putin announces Russia-led Central Asian military force"
    ).first.click()
    page.wait_for_url("**/threads/**")

    post = page.locator("#post-1")
    width = page.evaluate("document.documentElement.scrollWidth")
    author_box = post.locator(".author, .post-author, [class*=author]").first.bounding_box()
    body_box = post.locator(".post-body, .body, [class*=body]").first.bounding_box()

    assert width <= 375
    assert author_box["y"] < body_box["y"]


def test_the_seed_shows_its_gap_and_unknown_counts_with_no_accessibility_violation(page, seeded):
    page.goto("/")
    page.get_by_role(
        "link", name="Vladimir Putin announces Russia-led Central Asian military force"
    ).first.click()
    page.wait_for_url("**/threads/**")

    gap = page.locator("#post-2")
    assert gap.inner_text() == "Post #2 was not in the imported page."
    assert gap.bounding_box()["y"] < page.locator("#post-3").bounding_box()["y"]
    likes = page.locator("#post-1 [data-likes-received-of]")
    assert likes.get_by_text("—").is_visible()
    assert likes.get_by_title("Not in the imported page").count() == 1
    assert_accessible(page)

    page.locator("#post-1").get_by_role("link", name="Yusuf").first.click()
    page.wait_for_url("**/members/**")
    assert_accessible(page)
