"""Members in the admin (``accounts.admin.MemberAdmin``): the ban's length."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import ban_member
from tests.helpers import member_form

pytestmark = pytest.mark.django_db


def ban(client, member, **fields):
    return client.post(
        reverse("admin:accounts_user_change", args=[member.pk]),
        member_form(member, is_banned="on", ban_reason="Cooling off", **fields),
    )


@pytest.mark.parametrize(
    ("length", "expected"),
    [("day", timedelta(days=1)), ("week", timedelta(weeks=1)), ("month", timedelta(days=30))],
)
def test_a_ban_length_preset_sets_the_end_from_now(mod_client, member, length, expected):
    before = timezone.now()

    ban(mod_client, member, ban_length=length)

    member.refresh_from_db()
    assert member.is_currently_banned
    assert before + expected <= member.banned_until <= timezone.now() + expected


def test_a_permanent_ban_has_no_end_even_if_a_date_was_typed(mod_client, member):
    next_week = timezone.localtime() + timedelta(days=7)

    ban(
        mod_client,
        member,
        ban_length="permanent",
        banned_until_0=next_week.strftime("%Y-%m-%d"),
        banned_until_1="12:00:00",
    )

    member.refresh_from_db()
    assert (member.is_currently_banned, member.banned_until) == (True, None)


def test_a_custom_end_is_the_date_typed(mod_client, member):
    next_week = timezone.localtime() + timedelta(days=7)

    ban(
        mod_client,
        member,
        ban_length="custom",
        banned_until_0=next_week.strftime("%Y-%m-%d"),
        banned_until_1="12:00:00",
    )

    member.refresh_from_db()
    assert timezone.localtime(member.banned_until).date() == next_week.date()


def test_saving_a_banned_members_form_unchanged_keeps_the_ban_as_it_was(
    mod_client, member, moderator
):
    until = timezone.now().replace(microsecond=0) + timedelta(days=3)
    ban_member(member=member, by=moderator, reason="Cooling off", until=until)
    member.refresh_from_db()
    local = timezone.localtime(until)

    ban(
        mod_client,
        member,
        ban_length="custom",
        banned_until_0=local.strftime("%Y-%m-%d"),
        banned_until_1=local.strftime("%H:%M:%S"),
    )

    assert User.objects.get(pk=member.pk).banned_until == until


def test_the_ban_form_offers_the_presets(mod_client, member):
    html = mod_client.get(reverse("admin:accounts_user_change", args=[member.pk])).content.decode()

    for label in ["1 day", "1 week", "1 month (30 days)", "Permanent"]:
        assert label in html
