"""Accounts through django-allauth: sign up, verify, log in either way, reset, rate limits."""

import os
import re
import subprocess
import sys
import time

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.forms import signup_stamp
from accounts.models import User
from accounts.roles import GROUP_NAMES, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"


def sign_up(client, username="newcomer", email="newcomer@example.com"):
    return client.post(
        reverse("account_signup"),
        {
            "username": username,
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "started": signup_stamp(time.time() - 10),
        },
    )


def link_in(message):
    return re.search(r"https?://\S+", message.body).group(0)


@pytest.fixture
def verified_member(db):
    user = UserFactory(username="verified", email="verified@example.com")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_signing_up_makes_a_member_with_the_member_group(client):
    sign_up(client)

    user = User.objects.get(username="newcomer")
    assert user.role == Role.MEMBER
    assert list(user.groups.values_list("name", flat=True)) == [GROUP_NAMES[Role.MEMBER]]
    assert not user.is_staff


def test_signing_up_sends_a_verification_email_and_does_not_log_in(client):
    response = sign_up(client)

    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["newcomer@example.com"]
    assert mail.outbox[0].subject.startswith("[Forum] ")
    assert "_auth_user_id" not in client.session


def test_the_emailed_link_confirms_the_address(client):
    sign_up(client)

    client.post(link_in(mail.outbox[0]))

    assert EmailAddress.objects.get(email="newcomer@example.com").verified


def test_an_unverified_member_cannot_log_in_yet(client):
    sign_up(client)
    client.logout()

    response = client.post(reverse("account_login"), {"login": "newcomer", "password": PASSWORD})

    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("login", ["verified", "verified@example.com"])
def test_a_member_logs_in_by_username_or_email(client, verified_member, login):
    response = client.post(reverse("account_login"), {"login": login, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(verified_member.pk)


def test_the_header_shows_who_is_logged_in(client, verified_member):
    client.force_login(verified_member)

    html = client.get("/").content.decode()

    # The name opens the member's account area (which links their public profile).
    assert 'href="/account/">verified</a>' in html
    assert "Log out" in html


def test_logging_in_returns_to_the_page_asked_for(client, verified_member, thread):
    response = client.post(
        reverse("account_login") + f"?next={thread.get_absolute_url()}",
        {"login": "verified", "password": PASSWORD},
    )

    assert response["Location"] == thread.get_absolute_url()


def test_confirming_the_email_logs_in_and_returns_to_the_page_signed_up_from(client, thread):
    page_two = thread.get_page_url(2)
    client.post(
        reverse("account_signup") + f"?next={page_two}",
        {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "started": signup_stamp(time.time() - 10),
        },
    )

    response = client.post(link_in(mail.outbox[0]))

    assert response["Location"] == page_two
    assert client.session["_auth_user_id"] == str(User.objects.get(username="newcomer").pk)


def test_a_confirmation_link_opened_elsewhere_confirms_without_logging_in(client):
    sign_up(client)
    client.cookies.clear()

    response = client.post(link_in(mail.outbox[0]))

    assert EmailAddress.objects.get(email="newcomer@example.com").verified
    assert response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("path", "back"),
    [
        ("/threads/a-thread.7/", "/threads/a-thread.7/"),
        ("/boards/news/?page=3&utm_source=x", "/boards/news/?page=3"),
        ("/boards/news/?page=1", "/boards/news/"),
        ("/accounts/login/?next=/boards/news/", ""),
    ],
)
def test_log_in_and_sign_up_come_back_to_the_page_and_its_number_only(path, back):
    from django.template import Context, Template
    from django.test import RequestFactory
    from django.urls import resolve

    request = RequestFactory().get(path)
    request.resolver_match = resolve(request.path)

    assert Template("{% return_path %}").render(Context({"request": request})) == back


def test_the_header_links_on_the_index_carry_next(client, db):
    html = client.get("/").content.decode()

    assert f'href="{reverse("account_signup")}?next=/"' in html
    assert f'href="{reverse("account_login")}?next=/"' in html


def test_the_login_page_does_not_send_the_visitor_back_to_itself(client):
    html = client.get(reverse("account_login")).content.decode()

    assert f'href="{reverse("account_signup")}"' in html


def test_logging_out_is_a_post(client, verified_member):
    client.force_login(verified_member)

    client.post(reverse("account_logout"))

    assert "_auth_user_id" not in client.session


def test_a_password_reset_mails_a_link_that_sets_a_new_password(client, verified_member):
    client.post(reverse("account_reset_password"), {"email": "verified@example.com"})
    link = link_in(mail.outbox[0])

    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "a brand new passphrase", "password2": "a brand new passphrase"},
    )

    verified_member.refresh_from_db()
    assert verified_member.check_password("a brand new passphrase")


def test_a_member_changes_their_password(client, verified_member):
    client.force_login(verified_member)

    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "another passphrase!",
            "password2": "another passphrase!",
        },
    )

    verified_member.refresh_from_db()
    assert verified_member.check_password("another passphrase!")


def test_wrong_passwords_lock_the_login_for_a_while(client, verified_member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "verified", "password": "wrong"})

    response = client.post(reverse("account_login"), {"login": "verified", "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "Too many wrong passwords" in response.content.decode()


def test_rate_limits_are_set_explicitly(settings):
    for action in ["login", "login_failed", "signup", "reset_password", "change_password"]:
        assert settings.ACCOUNT_RATE_LIMITS[action]


def test_account_pages_wear_the_forums_layout(client):
    for name in ["account_login", "account_signup", "account_reset_password"]:
        html = client.get(reverse(name)).content.decode()

        assert 'class="site-header"' in html, name
        assert 'class="account-form"' in html, name
        assert 'class="button' in html, name


def test_signup_errors_sit_beside_their_field_and_keep_the_input(client):
    UserFactory(username="taken")

    response = client.post(
        reverse("account_signup"),
        {"username": "taken", "email": "x@example.com", "password1": "a", "password2": "a"},
    )

    html = response.content.decode()
    assert 'value="x@example.com"' in html
    assert html.count('class="account-field has-error"') >= 2
    assert User.objects.filter(username="taken").count() == 1


def test_too_many_attempts_get_the_forums_429_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    client.post(reverse("account_login"), {"login": "someone", "password": "guess"})

    response = client.post(reverse("account_login"), {"login": "someone", "password": "guess"})

    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


@pytest.mark.parametrize(
    ("environment", "backend"),
    [
        ({}, "django.core.mail.backends.console.EmailBackend"),
        ({"EMAIL_FILE_PATH": "var/mail"}, "django.core.mail.backends.filebased.EmailBackend"),
        (
            {"EMAIL_FILE_PATH": "var/mail", "EMAIL_BACKEND": "x.Backend"},
            "x.Backend",
        ),
    ],
)
def test_development_mail_goes_to_the_console_or_to_files(environment, backend):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"EMAIL_BACKEND", "EMAIL_FILE_PATH", "DEBUG"}
    }
    result = subprocess.run(
        [sys.executable, "-c", "import forum.settings as s; print(s.EMAIL_BACKEND)"],
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == backend
