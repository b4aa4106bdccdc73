"""Every account page speaks the forum's words: "Log in", "Sign up", "Log out", never allauth's
"Sign In", "Signup" or "Sign Out" (templates/account/ overrides the pages that say them)."""

import re
import time
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.forms import signup_stamp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"

# Spellings the site does not use. "Log in", "Sign up" and "Log out" (and their lower case
# forms in sentences) are the site's.
WRONG = re.compile(
    r"\b(?:sign[ -]?in|sign[ -]?out|signed (?:in|out)|signup|login|logout|log[ -]?in|log[ -]?out"
    r"|sign[ -]up)\b",
    re.IGNORECASE,
)
RIGHT = {"log in", "log out", "sign up", "sign-up", "sign-ups"}


class ShownText(HTMLParser):
    """What a reader sees or hears of a page: its text, title and button or label attributes."""

    SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.parts, self.hidden_depth = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden_depth += 1
        attrs = dict(attrs)
        for name in self.SHOWN_ATTRIBUTES & attrs.keys():
            self.parts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth:
            self.parts.append(data)


def wrong_words(html):
    parser = ShownText()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    found = [match.group(0) for match in WRONG.finditer(text)]
    # Sentence case is the site's ("Log in" on a button, "log in" mid-sentence): anything else
    # (Title Case, "Login" as a word) is not.
    return [word for word in found if word.lower() not in RIGHT or word[1:] != word[1:].lower()]


def shown(response):
    assert response.status_code == 200, response
    return response.content.decode()


@pytest.fixture
def member(db):
    user = UserFactory(username="wordsmith", email="wordsmith@example.com")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
        "account_email_verification_sent",
        "account_inactive",
        "account_request_login_code",
        "boards:index",
    ],
)
def test_pages_for_visitors_use_the_sites_wording(client, name):
    assert wrong_words(shown(client.get(reverse(name)))) == []


@pytest.mark.parametrize(
    "name",
    [
        "account_logout",
        "account_email",
        "account_change_password",
        "account_reauthenticate",
        "boards:index",
    ],
)
def test_pages_for_members_use_the_sites_wording(client, member, name):
    client.force_login(member)

    assert wrong_words(shown(client.get(reverse(name)))) == []


def test_the_closed_signup_page_uses_the_sites_wording(client, monkeypatch):
    from accounts.adapter import AccountAdapter

    monkeypatch.setattr(AccountAdapter, "is_open_for_signup", lambda self, request: False)

    assert wrong_words(shown(client.get(reverse("account_signup")))) == []


def test_the_email_confirmation_page_uses_the_sites_wording(client):
    form = {
        "username": "new",
        "email": "new@example.com",
        "started": signup_stamp(time.time() - 10),
    }
    client.post(reverse("account_signup"), {**form, "password1": PASSWORD, "password2": PASSWORD})
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)

    assert wrong_words(shown(client.get(link))) == []


def test_the_password_reset_key_page_uses_the_sites_wording(client, member):
    client.post(reverse("account_reset_password"), {"email": member.email})
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)

    assert wrong_words(shown(client.get(link, follow=True))) == []


def test_logging_in_and_out_say_so_in_the_sites_words(client, member):
    logged_in = client.post(
        reverse("account_login"), {"login": "wordsmith", "password": PASSWORD}, follow=True
    )
    logged_out = client.post(reverse("account_logout"), follow=True)

    assert "You are logged in as wordsmith." in shown(logged_in)
    assert "You have logged out." in shown(logged_out)
    assert wrong_words(shown(logged_in)) == wrong_words(shown(logged_out)) == []


def test_confirming_access_by_code_uses_the_sites_wording(client, member):
    client.force_login(member)

    sent = client.post(
        reverse("account_request_reauthentication_code"), {"recipient": member.email}, follow=True
    )

    assert wrong_words(shown(sent)) == []
    assert wrong_words(mail.outbox[-1].subject + " " + mail.outbox[-1].body) == []


def test_logging_in_by_code_uses_the_sites_wording(client, member):
    sent = client.post(reverse("account_request_login_code"), {"email": member.email}, follow=True)

    assert wrong_words(shown(sent)) == []
    assert wrong_words(mail.outbox[-1].subject + " " + mail.outbox[-1].body) == []


def test_the_wording_check_catches_allauths_words():
    assert wrong_words("<h1>Sign In</h1><button>Sign Up</button><title>Signup</title>") == [
        "Sign In",
        "Sign Up",
        "Signup",
    ]
    assert wrong_words('<a href="/accounts/login/">Log in</a> <p>then log out</p>') == []
