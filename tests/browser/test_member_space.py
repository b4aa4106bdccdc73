"""A new member gives themselves an avatar and a signature; both show on their next post."""

import re

import pytest
from playwright.sync_api import expect

from forum.posts.services import start_thread
from tests.avatar_files import picture
from tests.browser.axe import assert_accessible
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_a_new_member_sets_an_avatar_and_a_signature_and_both_show_on_their_post(
    page, log_in_as, no_flood_interval
):
    board = BoardFactory(name="General chat", slug="general-chat")
    alice = UserFactory(username="alice")
    thread = start_thread(board=board, author=alice, title="Say hello", body="Hello all.")
    log_in_as(page, UserFactory(username="walker"))

    # The name in the header opens the account area.
    page.goto("/")
    assert_accessible(page)
    page.locator(".account-nav__member").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    assert_accessible(page)

    # Upload an avatar.
    page.get_by_label("New avatar").set_input_files(
        files=[{"name": "me.png", "mimeType": "image/png", "buffer": picture("PNG")}]
    )
    page.get_by_role("button", name="Upload avatar").click()
    expect(page.locator(".messages")).to_contain_text("Your new avatar is saved.")
    expect(page.locator(".account-avatar img.avatar")).to_have_attribute(
        "src", re.compile(r"-192\.webp$")
    )
    assert_accessible(page)

    # A file that is no picture is refused beside the field.
    page.get_by_label("New avatar").set_input_files(
        files=[{"name": "me.png", "mimeType": "image/png", "buffer": b"not a picture"}]
    )
    page.get_by_role("button", name="Upload avatar").click()
    expect(page.locator(".account-field.has-error")).to_contain_text("not an image we can read")
    assert_accessible(page)

    # Set a signature.
    page.get_by_label("Signature").fill("Walking *every* day")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".messages")).to_contain_text("Your profile is saved.")
    assert_accessible(page)

    # Email, password and preferences are sections of the same area, under the same navigation.
    sections = page.get_by_role("navigation", name="Account settings")
    for name, heading in [("Email", "Email Addresses"), ("Password", "Change Password")]:
        sections.get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(sections.get_by_role("link", name=name)).to_have_attribute("aria-current", "page")
        assert_accessible(page)
    sections.get_by_role("link", name="Preferences").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preferences")
    assert_accessible(page)

    # Reply: the post carries the avatar and the signature.
    page.goto(thread.get_absolute_url())
    page.locator("#reply textarea[name=body]").fill("Hello from walker.")
    page.get_by_role("button", name="Post reply").click()
    reply = page.locator("#post-2")
    expect(reply).to_contain_text("Hello from walker.")
    avatar = reply.locator(".author-panel img.avatar")
    expect(avatar).to_have_attribute("src", re.compile(r"-96\.webp$"))
    expect(avatar).to_have_attribute("loading", "lazy")
    avatar.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth === 96", arg=avatar.element_handle()
    )
    expect(reply.locator(".post__signature")).to_have_text("Walking every day")
    expect(reply.locator(".post__signature em")).to_have_text("every")
    assert_accessible(page)

    # The member list shows them with their avatar.
    page.goto("/members/?order=name")
    expect(page.locator(".member-row", has_text="walker").locator("img.avatar")).to_be_visible()
    assert_accessible(page)
    page.goto("/members/online/")
    expect(page.locator(".member-list")).to_contain_text("walker")
    assert_accessible(page)
