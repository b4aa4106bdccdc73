"""A member's day in headless Chromium, and a reply that survives the detour through login."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core import mail
from playwright.sync_api import expect

from forum.posts.models import Like, Post
from forum.posts.services import reply_to_thread, start_thread
from forum.threads.models import Thread
from tests.browser.axe import assert_accessible
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long and unusual passphrase"


@pytest.fixture
def discussion(db):
    """A board with a thread by alice, for the newcomer to quote and like."""
    board = BoardFactory(name="General chat", slug="general-chat")
    alice = UserFactory(username="alice")
    thread = start_thread(
        board=board, author=alice, title="Favourite hiking trails", body="The **Pennine Way**."
    )
    return board, thread


def verified_member(username):
    member = UserFactory(username=username, email=f"{username}@example.com")
    member.set_password(PASSWORD)
    member.save()
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    return member


def log_in(page, login, password=PASSWORD):
    page.get_by_label("Username or email").fill(login)
    page.get_by_label("Password").fill(password)
    page.locator("form.account-form").get_by_role("button", name="Log in").click()


def test_a_newcomer_signs_up_confirms_and_takes_part(page, discussion, no_flood_interval, settings):
    board, alices_thread = discussion
    settings.FORUM_SIGNUP_MIN_SECONDS = 0  # a script types faster than any person

    # Sign up.
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Email").fill("newcomer@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.locator("form.account-form").get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Verify your email"))

    # Confirm the address from the mail outbox.
    assert mail.outbox[-1].to == ["newcomer@example.com"]
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    assert EmailAddress.objects.get(email="newcomer@example.com").verified

    # Log in (by email this time).
    if page.get_by_role("button", name="Log out").count():
        page.get_by_role("button", name="Log out").click()
    page.goto("/accounts/login/")
    log_in(page, "newcomer@example.com")
    expect(page.locator(".account-nav__member")).to_have_text("newcomer")

    # Start a thread.
    page.goto(board.get_absolute_url())
    page.get_by_role("link", name="Start a thread").click()
    page.get_by_label("Title").fill("Hello from a newcomer")
    page.get_by_label("Message").fill("Glad to be here.")
    page.get_by_role("button", name="Start the thread").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello from a newcomer")
    expect(page.locator("#post-1")).to_contain_text("Glad to be here.")

    # Reply to alice's thread, quoting her.
    page.goto(alices_thread.get_absolute_url())
    page.locator("#post-1").get_by_role("link", name="Quote").click()
    reply_box = page.locator("#reply textarea[name=body]")
    expect(reply_box).to_have_value(re.compile(r'^\[quote="alice, post:1"\]'))
    reply_box.press("End")
    reply_box.type("Walked it last summer.")
    page.get_by_role("button", name="Post reply").click()
    reply = page.locator("#post-2")
    expect(reply.locator("blockquote.quote")).to_contain_text("alice said:")
    expect(reply).to_contain_text("Walked it last summer.")

    # Like alice's post, without a page reload.
    page.evaluate("window.sameDocument = true")
    alices_post = page.locator("#post-1")
    alices_post.get_by_role("button", name="Like").click()
    expect(alices_post.locator(".post__likes")).to_contain_text("1 like")
    expect(alices_post.locator(".post__likes")).to_contain_text("You like this.")
    expect(alices_post.get_by_role("button", name="Unlike")).to_be_visible()
    assert page.evaluate("window.sameDocument") is True
    assert Like.objects.filter(post__thread=alices_thread, user__username="newcomer").count() == 1
    expect(alices_post.locator("[data-likes-received-of]")).to_have_text("1")

    # Edit the reply.
    reply.get_by_role("link", name="Edit").click()
    page.get_by_label("Message").fill("Walked it last summer, all 268 miles.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#post-2")).to_contain_text("all 268 miles")
    expect(page.locator("#post-2")).to_contain_text("Last edited:")

    # Log out.
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    assert Post.objects.get(thread=alices_thread, position=2).revision == 2


def test_a_reply_written_while_logged_out_survives_logging_in(page, discussion):
    _, thread = discussion
    member = verified_member("walker")

    page.goto(thread.get_absolute_url())
    assert_accessible(page)
    page.locator("#reply textarea[name=body]").fill("Written before I logged in.")
    page.get_by_role("button", name="Log in to reply").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    assert_accessible(page)
    # The text waits in the browser: the server kept nothing for the visitor.
    assert not Session.objects.exists()
    log_in(page, "walker")

    expect(page).to_have_url(re.compile(re.escape(thread.get_absolute_url())))
    reply_box = page.locator("#reply textarea[name=body]")
    expect(reply_box).to_have_value("Written before I logged in.")
    assert_accessible(page)
    page.get_by_role("button", name="Post reply").click()

    expect(page.locator("#post-2")).to_contain_text("Written before I logged in.")
    assert Thread.objects.get(pk=thread.pk).reply_count == 1
    assert Post.objects.get(thread=thread, position=2).author == member


def test_without_scripts_a_visitors_reply_is_shown_back_with_the_way_to_log_in(
    chromium, live_server, discussion
):
    _, thread = discussion
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(thread.get_absolute_url())
    page.locator("#reply textarea[name=body]").fill("Typed with scripts off.")
    page.get_by_role("button", name="Log in to reply").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to post your reply")
    expect(page.get_by_label("Your reply")).to_have_value("Typed with scripts off.")
    assert not Session.objects.exists()
    page.locator("main").get_by_role("link", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    context.close()


def test_the_page_showing_a_visitors_reply_back_is_accessible(page, discussion):
    _, thread = discussion
    page.goto(thread.get_absolute_url())
    # As when the browser cannot store the text: the box posts it (axe needs scripts on).
    page.locator("form.js-visitor-reply").evaluate("form => delete form.dataset.loginUrl")
    page.locator("#reply textarea[name=body]").fill("Stored nowhere.")
    page.get_by_role("button", name="Log in to reply").click()

    expect(page.get_by_label("Your reply")).to_have_value("Stored nowhere.")
    assert_accessible(page)


def test_a_member_quotes_several_posts_at_once(page, discussion, no_flood_interval):
    _, thread = discussion
    reply_to_thread(thread=thread, author=UserFactory(username="bob"), body="The *Dales Way*.")
    verified_member("walker")
    page.goto("/accounts/login/")
    log_in(page, "walker")

    page.goto(thread.get_absolute_url())
    page.locator("#post-1").get_by_label("Multi-quote").check()
    page.locator("#post-2").get_by_label("Multi-quote").check()
    page.get_by_role("button", name="Reply quoting the posts ticked").click()

    body = page.locator("textarea[name=body]")
    expect(body).to_have_value(
        re.compile(r'\[quote="alice, post:1"\].*\[quote="bob, post:2"\]', re.S)
    )
    body.press("Control+End")
    body.type("Both are lovely.")
    page.get_by_role("button", name="Post reply").click()

    expect(page.locator("#post-3 blockquote.quote")).to_have_count(2)


def test_a_reply_refused_for_a_lost_csrf_cookie_is_back_in_the_box(page, discussion):
    _, thread = discussion
    verified_member("walker")
    page.goto("/accounts/login/")
    log_in(page, "walker")
    page.goto(thread.get_absolute_url())
    page.locator("#reply textarea[name=body]").fill("Typed with care.")

    # The browser lost the CSRF cookie (cleared, expired, blocked) while the page was open.
    cookies = [c for c in page.context.cookies() if c["name"] != "csrftoken"]
    page.context.clear_cookies()
    page.context.add_cookies(cookies)
    page.get_by_role("button", name="Post reply").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your form could not be sent")
    expect(page.locator("textarea.csrf-written")).to_have_value("Typed with care.")
    page.get_by_role("link", name="Open the page again").click()
    expect(page.locator("#reply textarea[name=body]")).to_have_value("Typed with care.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("#post-2")).to_contain_text("Typed with care.")


def test_a_member_locked_out_by_wrong_passwords_logs_in_with_a_mailed_code(page, discussion):
    verified_member("walker")
    page.goto("/accounts/login/")
    for _ in range(5):
        log_in(page, "walker", password="not my password")
        expect(page.locator("form.account-form")).to_contain_text("not correct")
    log_in(page, "walker")
    expect(page.locator("form.account-form")).to_contain_text("Too many wrong passwords")
    assert_accessible(page)

    page.get_by_role("link", name="Email me a code to log in").click()
    assert_accessible(page)
    page.get_by_label("Email").fill("walker@example.com")
    page.get_by_role("button", name="Email me the code").click()
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)
    assert_accessible(page)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()

    expect(page.locator(".account-nav__member")).to_have_text("walker")
    assert_accessible(page)
