import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import Role
from forum.moderation.models import Action, ModerationLog
from forum.posts.models import Post
from forum.threads.models import Thread
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "correct horse battery staple"
SEED_TITLE = "Vladimir Putin announces Russia-led Central Asian military force"


@pytest.fixture
def people(db):
    call_command("loaddata", "seed_thread", verbosity=0)
    moderator = UserFactory(username="desk-mod", role=Role.MODERATOR)
    member = UserFactory(username="plain-member")
    for user in (moderator, member):
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return moderator, member


def log_in_on_the_site(page, username):
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form").get_by_role("button", name="Log in").click()


def run_action(page, thread, action, reason):
    page.locator(f"input[name=_selected_action][value='{thread.pk}']").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("input[name=reason]").fill(reason)
    page.get_by_role("button", name="Go").click()


def test_a_moderator_locks_and_moves_the_seed_thread_and_a_member_cannot_reply(page, people):
    moderator, member = people
    asia = BoardFactory(name="Asia", slug="asia")
    thread = Thread.objects.get(title=SEED_TITLE)
    posts_before = Post.objects.count()

    # The admin's door is the site's login.
    page.goto("/admin/")
    assert page.url.endswith("/accounts/login/?next=%2Fadmin%2F")
    log_in_on_the_site(page, moderator.username)
    page.wait_for_url("**/admin/")
    page.locator("#threads-thread").get_by_role("link", name="Threads").click()

    run_action(page, thread, "lock_thread", "Heated enough")
    assert "Locked: 1." in page.locator(".messagelist").inner_text()

    run_action(page, thread, "move_threads", "Central Asia is Asia")
    assert page.get_by_role("heading", name="Move threads").is_visible()
    page.locator("select[name=board]").select_option(str(asia.pk))
    page.get_by_role("button", name="Move").click()
    assert "Moved to Asia: 1." in page.locator(".messagelist").inner_text()

    thread.refresh_from_db()
    assert (thread.board, thread.is_locked) == (asia, True)
    assert list(ModerationLog.objects.order_by("created_at").values_list("action", "reason")) == [
        (Action.LOCK_THREAD, "Heated enough"),
        (Action.MOVE_THREAD, "Central Asia is Asia"),
    ]

    page.locator("#logout-form button").click()

    # A member finds the thread in its new board, locked.
    page.goto("/accounts/login/")
    log_in_on_the_site(page, member.username)
    page.wait_for_url("**/")
    page.goto(asia.get_absolute_url())
    row = page.locator(".thread-row", has_text=SEED_TITLE)
    assert row.locator(".badge--locked").is_visible()
    row.get_by_role("link", name=SEED_TITLE).click()

    assert page.get_by_role("heading", level=1).inner_text() == SEED_TITLE
    assert "Asia" in page.locator("nav.breadcrumb").inner_text()
    assert page.locator(".notice--locked").is_visible()
    assert page.locator("textarea[name=body]").count() == 0
    assert page.locator(".mod-tools").count() == 0

    # Nor does a reply sent by hand, past the missing box.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    answer = page.evaluate(
        """async ([url, token]) => {
            const response = await fetch(url, {
                method: "POST",
                headers: {"X-CSRFToken": token,
                          "Content-Type": "application/x-www-form-urlencoded"},
                body: "body=Sneaking+a+reply+in",
                redirect: "manual",
            });
            return await response.text();
        }""",
        [reverse("posts:reply", args=[thread.pk]), csrf],
    )
    assert "This thread is locked: it takes no new replies." in answer
    assert Post.objects.count() == posts_before
