"""The moderator's desk in a real browser: reports opened by a click, hiding a thread with a
reason without JavaScript, and the lists on a 375 px phone. axe-core runs on every page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from forum.moderation import services
from forum.moderation.models import Action, ModerationLog, Report
from forum.threads.models import Thread
from forum.threads.services import lock_thread
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 667}


@pytest.fixture
def moderator(db):
    return UserFactory(username="desk-mod", role="moderator")


@pytest.fixture
def reported(board):
    thread = make_thread(posts=3, board=board, title="Garden tools for sale")
    post = thread.posts.get(position=2)
    reporter = UserFactory(username="watchful")
    return services.report_post(post=post, reporter=reporter, reason="Selling knock-offs")


def test_a_moderator_opens_a_report_from_the_list_by_clicking_it(
    page, log_in_as, moderator, reported
):
    log_in_as(page, moderator)
    page.goto(reverse("admin:moderation_report_changelist"))
    assert_accessible(page)

    page.locator("#result_list tbody tr").first.locator("th a").click()

    page.wait_for_url(f"**{reverse('admin:moderation_report_change', args=[reported.pk])}")
    assert_accessible(page)
    page.locator("select[name=outcome]").select_option(Report.Outcome.ACTION_TAKEN)
    page.get_by_role("button", name="Save", exact=True).click()
    message = page.locator(".messagelist").inner_text()
    author = reported.post.author.username
    assert f"watchful’s report of post #2 by {author} in “Garden tools for sale”" in message
    assert Report.objects.get().outcome == Report.Outcome.ACTION_TAKEN


def test_a_moderator_hides_a_thread_with_a_reason_without_javascript(
    chromium, live_server, log_in_as, moderator, board
):
    thread = make_thread(posts=2, board=board, title="Flame war")
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in_as(page, moderator)

    page.goto(thread.get_absolute_url())
    page.get_by_role("link", name="Hide thread…").click()
    assert page.get_by_role("heading", name="Hide “Flame war”?").is_visible()
    # axe-core is a script: it runs on the same page in a browser with JavaScript.
    page.get_by_label("Reason").fill("Personal attacks")
    page.get_by_role("button", name="Hide the thread").click()

    page.wait_for_url(f"**{thread.get_absolute_url()}")
    note = page.locator(".hidden-note").inner_text()
    assert note.startswith("Hidden by desk-mod on ")
    assert note.endswith(": Personal attacks.")
    context.close()
    thread.refresh_from_db()
    assert (thread.is_hidden, thread.hidden_reason) == (True, "Personal attacks")
    entry = ModerationLog.objects.get()
    assert (entry.action, entry.reason) == (Action.HIDE_THREAD, "Personal attacks")


def test_the_hide_page_and_the_hidden_thread_pass_axe(page, log_in_as, moderator, board):
    thread = make_thread(posts=2, board=board, title="Flame war")
    log_in_as(page, moderator)

    page.goto(reverse("threads:hide", args=[thread.pk]))
    assert_accessible(page)
    page.get_by_label("Reason").fill("Personal attacks")
    page.get_by_role("button", name="Hide the thread").click()
    page.wait_for_url(f"**{thread.get_absolute_url()}")
    assert page.locator(".hidden-note").is_visible()
    assert_accessible(page)
    assert Thread.objects.get().is_hidden


@pytest.fixture
def desk_rows(board, moderator, reported):
    """A few rows in every list of the desk, with long titles."""
    for number in range(3):
        thread = make_thread(
            posts=3, board=board, title=f"A fairly long thread title about garden tools {number}"
        )
    lock_thread(thread=thread, by=moderator, reason="Heated")
    return thread


def action_bar_fits(page):
    return page.evaluate(
        """() => {
            const bar = document.querySelector('#changelist .actions');
            return bar.scrollWidth <= bar.clientWidth
                && document.documentElement.scrollWidth <= window.innerWidth;
        }"""
    )


def within_screen(locator):
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.parametrize(
    ("url", "title_column"),
    [
        ("admin:threads_thread_changelist", "title"),
        ("admin:posts_post_changelist", "excerpt"),
        ("admin:moderation_report_changelist", "excerpt"),
        ("admin:accounts_user_changelist", "username"),
    ],
)
def test_the_desks_lists_with_actions_work_on_a_375px_phone(
    chromium, live_server, log_in_as, moderator, desk_rows, url, title_column
):
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    log_in_as(page, moderator)
    page.goto(reverse(url))

    select = page.locator("#changelist .actions select[name=action]")
    go = page.locator("#changelist .actions button", has_text="Go")
    assert select.is_visible() and go.is_visible()
    assert within_screen(select) and within_screen(go)
    assert select.bounding_box()["width"] >= 150  # the action's name can be read
    assert action_bar_fits(page)
    title = page.locator(f"#result_list tbody tr:first-child .field-{title_column}")
    assert title.bounding_box()["width"] >= 120
    assert within_screen(title)
    assert_accessible(page)

    # And it is usable: tick a row, choose the action, Go.
    page.locator("#result_list tbody input[name=_selected_action]").first.check()
    select.select_option(index=1)
    with page.expect_navigation():
        go.click()
    # The action ran ("Locked: 1.", "Hidden: 1."…), or asked first (Delete spammer).
    done = page.locator(".messagelist .success, #content h1:has-text('Delete spammers')")
    expect(done.first).to_be_visible()
    context.close()


def test_the_log_fits_a_375px_phone(chromium, live_server, log_in_as, moderator, desk_rows):
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    log_in_as(page, moderator)
    page.goto(reverse("admin:moderation_moderationlog_changelist"))
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate(
        "() => { const t = document.querySelector('#result_list');"
        " return t.scrollWidth <= t.parentElement.clientWidth; }"
    )
    first_link = page.locator("#result_list tbody tr").first.locator("th a, td a").first
    assert within_screen(first_link)
    assert_accessible(page)
    context.close()
