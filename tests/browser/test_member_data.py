"""A member downloads their data, then deletes their account, in headless Chromium."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import User
from forum.posts.services import start_thread
from tests.browser.axe import assert_accessible
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_member_takes_their_data_out_then_deletes_their_account(page, log_in_as):
    leaver = UserFactory(username="leaver")
    start_thread(board=BoardFactory(), author=leaver, title="Trails", body="The *Pennine* Way.")
    log_in_as(page, leaver)

    page.goto("/account/export/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my data").click()
    data = json.loads(Path(download.value.path()).read_text())
    assert [post["source"] for post in data["posts"]] == ["The *Pennine* Way."]

    page.goto("/account/delete/")
    assert_accessible(page)
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.locator(".errorlist")).to_have_text("That is not your password.")
    assert_accessible(page)

    page.get_by_label("Your password").fill("correct horse battery staple")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account has been deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert_accessible(page)
    assert not User.objects.filter(username="leaver").exists()


def test_a_large_account_is_told_its_data_comes_by_mail(page, log_in_as, settings):
    settings.FORUM_EXPORT_INLINE_MAX_POSTS = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    writer = UserFactory(username="writer", email="writer@example.com")
    start_thread(board=BoardFactory(), author=writer, title="Trails", body="Long ones.")
    log_in_as(page, writer)

    page.goto("/account/export/")
    page.get_by_role("button", name="Download my data").click()

    expect(page.get_by_role("status")).to_contain_text("we will email you a link")
    assert_accessible(page)
