"""accounts.adapter: login limits per real address and per account, login by code, late mail,
mails in the forum's name."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from accounts.forms import signup_stamp
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"
LOGIN = reverse("account_login")
A, B, C = "198.51.100.1", "198.51.100.2", "198.51.100.3"


@pytest.fixture
def verified_member(db):
    user = UserFactory(username="verified", email="verified@example.com")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def client_b():
    """Another browser, somewhere else."""
    from django.test import Client

    return Client()


def log_in(client, password, **headers):
    return client.post(LOGIN, {"login": "verified", "password": password}, **headers)


def is_logged_in(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


def test_wrong_passwords_from_one_address_do_not_lock_the_member_out_elsewhere(
    client, client_b, verified_member
):
    for _ in range(5):
        log_in(client, "wrong", REMOTE_ADDR=A)

    log_in(client_b, PASSWORD, REMOTE_ADDR=B)

    assert is_logged_in(client_b, verified_member)


def test_wrong_passwords_lock_the_account_from_the_address_that_sent_them(client, verified_member):
    for _ in range(5):
        log_in(client, "wrong", REMOTE_ADDR=A)

    response = log_in(client, PASSWORD, REMOTE_ADDR=A)

    assert not is_logged_in(client, verified_member)
    assert "Too many wrong passwords" in response.content.decode()


def test_the_per_account_ceiling_holds_against_guesses_from_many_addresses(
    client, client_b, verified_member, settings
):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed_account": "3/15m/key",
    }
    for address in (A, B, C):
        log_in(client, "wrong", REMOTE_ADDR=address)

    response = log_in(client_b, PASSWORD, REMOTE_ADDR="198.51.100.4")

    assert not is_logged_in(client_b, verified_member)
    assert "Email me a code to log in" in response.content.decode()


def test_the_right_password_does_not_count_toward_the_ceiling(client, verified_member, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed_account": "2/15m/key",
    }
    for _ in range(3):
        log_in(client, PASSWORD, REMOTE_ADDR=A)
        client.logout()

    log_in(client, PASSWORD, REMOTE_ADDR=A)

    assert is_logged_in(client, verified_member)


def test_behind_a_proxy_one_visitors_wrong_passwords_do_not_stop_another(
    client, client_b, verified_member, settings
):
    settings.FORUM_TRUSTED_PROXY_COUNT = 1
    # Every request comes from the proxy; only X-Forwarded-For tells the visitors apart.
    for number in range(10):
        client.post(
            LOGIN,
            {"login": f"nobody{number}", "password": "guess"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=A,
        )

    log_in(client_b, PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=B)

    assert is_logged_in(client_b, verified_member)


def test_directly_a_spoofed_forwarded_for_does_not_escape_the_address_limit(
    client, verified_member
):
    for number in range(10):
        client.post(
            LOGIN,
            {"login": f"nobody{number}", "password": "guess"},
            REMOTE_ADDR=A,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )

    response = log_in(client, PASSWORD, REMOTE_ADDR=A, HTTP_X_FORWARDED_FOR="192.0.2.200")

    assert not is_logged_in(client, verified_member)
    assert "Too many wrong passwords" in response.content.decode()


def test_the_login_page_offers_a_code_by_mail(client):
    html = client.get(LOGIN).content.decode()

    assert f'href="{reverse("account_request_login_code")}"' in html
    assert "Email me a code to log in" in html


def test_a_locked_out_member_logs_in_with_a_code_sent_by_mail(client, verified_member):
    for _ in range(5):
        log_in(client, "wrong", REMOTE_ADDR=A)

    client.post(
        reverse("account_request_login_code"), {"email": "verified@example.com"}, REMOTE_ADDR=A
    )
    code = re.search(r"^\s*([A-Z0-9-]{6,})\s*$", mail.outbox[-1].body, re.MULTILINE).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": code}, REMOTE_ADDR=A)

    assert response.status_code == 302
    assert is_logged_in(client, verified_member)


class BrokenMailServer(BaseEmailBackend):
    """A mail server that is down: every send fails as smtplib's would."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


def sign_up(client):
    return client.post(
        reverse("account_signup"),
        {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "started": signup_stamp(time.time() - 10),
        },
        follow=True,
    )


def test_signing_up_while_the_mail_server_is_down_says_so_instead_of_failing(client, settings):
    settings.EMAIL_BACKEND = "tests.accounts.test_adapter.BrokenMailServer"

    response = sign_up(client)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("account_email_verification_sent")
    assert "could not be sent just now" in response.content.decode()
    assert User.objects.filter(username="newcomer").exists()


def test_the_confirmation_is_sent_again_at_the_next_login_and_the_account_works(client, settings):
    settings.EMAIL_BACKEND = "tests.accounts.test_adapter.BrokenMailServer"
    sign_up(client)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    client.post(LOGIN, {"login": "newcomer", "password": PASSWORD})
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    client.post(link)
    client.post(LOGIN, {"login": "newcomer", "password": PASSWORD})

    assert mail.outbox[-1].to == ["newcomer@example.com"]
    assert is_logged_in(client, User.objects.get(username="newcomer"))


@pytest.fixture
def named_forum(settings):
    settings.FORUM_NAME = "Trail Talk"


def signed_up_mail(client):
    sign_up(client)
    return mail.outbox[-1]


def test_the_confirmation_mail_greets_in_the_forums_name(client, named_forum):
    message = signed_up_mail(client)

    assert message.body.startswith("Hello from Trail Talk!")
    assert "Thank you for using Trail Talk!" in message.body
    assert "Hello from testserver" not in message.body


def test_the_confirmation_mail_names_the_domain_the_member_signed_up_at(client, named_forum):
    message = signed_up_mail(client)

    assert "register an account on testserver." in message.body
    assert re.search(r"http://testserver/accounts/confirm-email/\S+/", message.body)


def test_mail_subjects_start_with_the_forums_name(client, named_forum):
    assert signed_up_mail(client).subject.startswith("[Trail Talk] ")


def test_the_password_reset_mail_speaks_in_the_forums_name(client, named_forum):
    member = UserFactory(username="walker", email="walker@example.com")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)

    client.post(reverse("account_reset_password"), {"email": member.email})

    message = mail.outbox[-1]
    assert message.subject.startswith("[Trail Talk] ")
    assert message.body.startswith("Hello from Trail Talk!")


def test_logins_wait_while_the_shared_cache_cannot_count_attempts(
    client, verified_member, monkeypatch
):
    monkeypatch.setattr("accounts.adapter.shared_cache_available", lambda: False)

    response = log_in(client, PASSWORD, REMOTE_ADDR=A)

    assert not is_logged_in(client, verified_member)
    assert "Logging in is paused" in response.content.decode()
