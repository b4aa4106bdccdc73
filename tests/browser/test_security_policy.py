"""The pages members and moderators open run under the Content-Security-Policy with nothing
refused (no inline script or style left anywhere, the admin's included) and pass axe-core."""

import pytest
from allauth.account.models import EmailAddress
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import Role
from forum.moderation.models import ModerationLog
from forum.moderation.services import report_post
from forum.threads.models import Thread
from forum.threads.services import lock_thread
from tests.browser.test_moderation import SEED_TITLE, log_in_on_the_site
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Chromium reports each refusal in the console; the event also carries what was refused.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`
                  + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def desk(db):
    call_command("loaddata", "seed_thread", verbosity=0)
    moderator = UserFactory(username="desk-mod", role=Role.MODERATOR)
    member = UserFactory(username="plain-member")
    for user in (moderator, member):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    thread = Thread.objects.get(title=SEED_TITLE)
    lock_thread(thread=thread, by=moderator, reason="Heated")
    report_post(post=thread.posts.get(position=2), reporter=member, reason="Off topic")
    BoardFactory(name="Asia", slug="asia")
    return moderator, member, thread


class Watch:
    """What the page said about the policy, and axe-core's verdict on every page visited."""

    def __init__(self, page):
        self.page, self.axe, self.refused = page, Axe(), []
        self.auditing = False
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("console", self._console)

    def _console(self, message):
        text = message.text
        # axe-core adds <style> elements of its own while it audits; the page's are what count.
        if not self.auditing and ("Content Security Policy" in text or "CSP violation" in text):
            self.refused.append(f"{self.page.url}: {text}")

    def visit(self, url):
        self.page.goto(url)
        self.check()

    def check(self):
        self.page.wait_for_load_state("load")
        # A round trip to the page delivers every console message it sent before.
        self.page.evaluate("0")
        assert self.refused == [], "\n".join(self.refused)
        self.auditing = True
        results = self.axe.run(self.page)
        self.page.evaluate("0")
        self.auditing = False
        assert results.violations_count == 0, f"{self.page.url}\n{results.generate_report()}"


def test_a_member_reads_and_writes_under_the_policy(page, desk):
    _, member, thread = desk
    watch = Watch(page)

    watch.visit("/")
    watch.visit(thread.board.get_absolute_url())
    watch.visit(thread.get_absolute_url())
    watch.visit(thread.posts.get(position=4).author.get_absolute_url())
    watch.visit(reverse("account_signup"))
    watch.visit(reverse("account_login"))
    log_in_on_the_site(page, member.username)
    page.wait_for_url("**/")
    watch.check()
    open_thread = Thread.objects.exclude(pk=thread.pk).first() or thread
    watch.visit(open_thread.get_absolute_url())
    watch.visit(reverse("posts:reply", args=[open_thread.pk]))


def test_a_moderator_works_the_admin_desk_under_the_policy(page, desk):
    moderator, member, thread = desk
    watch = Watch(page)

    page.goto("/accounts/login/?next=/admin/")
    log_in_on_the_site(page, moderator.username)
    page.wait_for_url("**/admin/")
    watch.check()
    watch.visit(reverse("admin:threads_thread_changelist"))
    watch.visit(reverse("admin:posts_post_changelist"))
    watch.visit(reverse("admin:moderation_report_changelist"))
    watch.visit(reverse("admin:moderation_moderationlog_changelist"))
    watch.visit(
        reverse("admin:moderation_moderationlog_change", args=[ModerationLog.objects.first().pk])
    )
    watch.visit(reverse("admin:threads_thread_change", args=[thread.pk]))

    # An action with its confirmation page (the admin's actions.js and our cancel link).
    watch.visit(reverse("admin:threads_thread_changelist"))
    page.locator(f"input[name=_selected_action][value='{thread.pk}']").check()
    page.locator("select[name=action]").select_option("move_threads")
    page.locator("input[name=reason]").fill("Where it belongs")
    page.get_by_role("button", name="Go").click()
    page.get_by_role("heading", name="Move threads").wait_for()
    watch.check()
    page.get_by_role("link", name="No, take me back").click()
    page.wait_for_url("**/admin/threads/thread/**")
    watch.check()

    # A ban's end date, with the admin's calendar and clock (DateTimeShortcuts.js).
    watch.visit(reverse("admin:accounts_user_change", args=[member.pk]))
    page.locator(".datetimeshortcuts a", has_text="Today").first.click()
    page.locator("a[id^=calendarlink]").first.click()
    calendar = page.locator(".calendarbox").first
    calendar.locator(".calendarnav-next").click()
    calendar.locator("td a", has_text="15").click()
    assert page.locator("input[name=banned_until_0]").input_value().endswith("-15")
    watch.check()
