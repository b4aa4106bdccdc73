"""A member writes code with quotes, angle brackets and ampersands and reads it as typed (#9)."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.test_member_day import log_in, verified_member
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

INLINE = 'a < b && c == "d"'
BLOCK = "return \"<&>\" if x &amp; y else 'z'"
BODY = f"Try `{INLINE}` first.\n\n```python\n{BLOCK}\n```"


@pytest.fixture
def thread(db):
    from forum.posts.services import start_thread

    return start_thread(
        board=BoardFactory(name="Programming", slug="programming"),
        author=UserFactory(username="alice"),
        title="Comparing strings",
        body="How do I compare strings?",
    )


def test_a_member_sees_code_exactly_as_typed_in_the_preview_and_the_post(page, thread):
    verified_member("coder")
    page.goto("/accounts/login/")
    log_in(page, "coder")
    page.goto(thread.get_absolute_url())

    page.locator("#reply textarea[name=body]").fill(BODY)
    page.locator("#reply").get_by_role("button", name="Preview").click()
    preview = page.locator("#reply .js-preview .post__body")
    expect(preview.locator("p code")).to_have_text(INLINE)
    expect(preview.locator("pre code")).to_have_text(BLOCK + "\n")
    assert_accessible(page)

    page.get_by_role("button", name="Post reply").click()
    reply = page.locator("#post-2")
    expect(reply.locator("p code")).to_have_text(INLINE)
    expect(reply.locator("pre code")).to_have_text(BLOCK + "\n")
    expect(reply.locator(".post__body a")).to_have_count(0)
    assert_accessible(page)
