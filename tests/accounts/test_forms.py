"""The sign-up form's checks against scripts: a trap field and a minimum time to fill it in."""

import re
import time

import pytest
from django.urls import reverse

from accounts.forms import signup_stamp
from accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"


def sign_up(client, **changes):
    data = {
        "username": "newcomer",
        "email": "newcomer@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "started": signup_stamp(time.time() - 10),
        "website": "",
        **changes,
    }
    return client.post(reverse("account_signup"), data)


def shown_value(html, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def test_a_form_filled_in_at_a_persons_pace_makes_the_account(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert User.objects.filter(username="newcomer").exists()


def test_a_form_sent_faster_than_a_person_types_is_refused_keeping_the_input(client):
    response = sign_up(client, started=signup_stamp())

    html = response.content.decode()
    assert response.status_code == 200
    assert "quicker than a person fills in this form" in html
    assert shown_value(html, "username") == "newcomer"
    assert shown_value(html, "email") == "newcomer@example.com"
    assert PASSWORD not in html
    assert not User.objects.filter(username="newcomer").exists()


def test_the_minimum_time_is_a_setting(client, settings):
    settings.FORUM_SIGNUP_MIN_SECONDS = 30

    sign_up(client, started=signup_stamp(time.time() - 10))

    assert not User.objects.filter(username="newcomer").exists()


def test_sent_again_a_moment_later_the_refused_form_passes(client, settings):
    settings.FORUM_SIGNUP_MIN_SECONDS = 1
    html = sign_up(client, started=signup_stamp()).content.decode()
    time.sleep(1.1)

    sign_up(client, started=shown_value(html, "started"))

    assert User.objects.filter(username="newcomer").exists()


def test_a_filled_in_trap_field_is_refused_keeping_the_input_and_emptying_the_trap(client):
    response = sign_up(client, website="https://spam.example")

    html = response.content.decode()
    assert "meant to stay empty" in html
    assert shown_value(html, "username") == "newcomer"
    assert shown_value(html, "website") == ""
    assert PASSWORD not in html
    assert not User.objects.filter(username="newcomer").exists()


@pytest.mark.parametrize("stamp", ["", "1700000000", signup_stamp(time.time() - 3 * 24 * 3600)])
def test_a_missing_forged_or_stale_stamp_is_refused_with_a_fresh_one(client, stamp):
    response = sign_up(client, started=stamp)

    html = response.content.decode()
    assert "too old or damaged" in html
    assert shown_value(html, "started") not in ("", stamp)
    assert not User.objects.filter(username="newcomer").exists()


def test_the_trap_is_out_of_sight_and_out_of_the_tab_order(client):
    html = client.get(reverse("account_signup")).content.decode()

    wrapper = re.search(r'<div class="account-field account-field--trap"[^>]*>', html).group(0)
    assert 'aria-hidden="true"' in wrapper
    assert 'tabindex="-1"' in re.search(r'<input[^>]*name="website"[^>]*>', html).group(0)
    assert "style=" not in html
