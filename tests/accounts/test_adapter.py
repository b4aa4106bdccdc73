"""The allauth adapter: new accounts are members; mails speak in the forum's name."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"


@pytest.fixture
def named_forum(settings):
    settings.FORUM_NAME = "Trail Talk"


def sign_up(client):
    client.post(
        reverse("account_signup"),
        {
            "username": "newcomer",
            "email": "newcomer@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    return mail.outbox[-1]


def test_the_confirmation_mail_greets_in_the_forums_name(client, named_forum):
    message = sign_up(client)

    assert message.body.startswith("Hello from Trail Talk!")
    assert "Thank you for using Trail Talk!" in message.body
    assert "Hello from testserver" not in message.body


def test_the_confirmation_mail_names_the_domain_the_member_signed_up_at(client, named_forum):
    message = sign_up(client)

    assert "register an account on testserver." in message.body
    assert re.search(r"http://testserver/accounts/confirm-email/\S+/", message.body)


def test_mail_subjects_start_with_the_forums_name(client, named_forum):
    assert sign_up(client).subject.startswith("[Trail Talk] ")


def test_the_password_reset_mail_speaks_in_the_forums_name(client, named_forum):
    member = UserFactory(username="walker", email="walker@example.com")
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)

    client.post(reverse("account_reset_password"), {"email": member.email})

    message = mail.outbox[-1]
    assert message.subject.startswith("[Trail Talk] ")
    assert message.body.startswith("Hello from Trail Talk!")
