from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import services as account_services
from accounts.roles import Role
from forum.moderation.models import Action, ModerationLog

pytestmark = pytest.mark.django_db


def only_entry():
    (entry,) = ModerationLog.objects.all()
    return entry


def test_banning_a_member_records_the_reason_and_end(member, moderator):
    until = timezone.now() + timedelta(days=7)

    entry = account_services.ban_member(member=member, by=moderator, reason="Spam", until=until)

    member.refresh_from_db()
    assert member.is_currently_banned
    assert (member.ban_reason, member.banned_until) == ("Spam", until)
    assert (entry.action, entry.target, entry.reason) == (Action.BAN_MEMBER, member, "Spam")
    assert entry.details == {
        "old_ban": None,
        "new_ban": {"reason": "Spam", "until": until.isoformat()},
    }


def test_changing_a_ban_logs_the_old_ban_and_the_new(member, moderator):
    account_services.ban_member(member=member, by=moderator, reason="Spam")
    until = timezone.now() + timedelta(days=1)

    entry = account_services.ban_member(member=member, by=moderator, reason="Eased", until=until)

    assert entry.details == {
        "old_ban": {"reason": "Spam", "until": None},
        "new_ban": {"reason": "Eased", "until": until.isoformat()},
    }


def test_lifting_a_ban_clears_it_and_logs_what_it_was(member, moderator):
    account_services.ban_member(member=member, by=moderator, reason="Spam")

    entry = account_services.lift_ban(member=member, by=moderator, reason="Appealed")

    member.refresh_from_db()
    assert (member.is_banned, member.ban_reason, member.banned_until) == (False, "", None)
    assert entry.action == Action.LIFT_BAN
    assert entry.details == {"old_ban": {"reason": "Spam", "until": None}, "new_ban": None}


def test_changing_a_title_logs_the_old_and_new_titles(member, moderator):
    entry = account_services.change_member_title(member=member, title="Night owl", by=moderator)

    member.refresh_from_db()
    assert member.title == "Night owl"
    assert entry.details == {"old_title": "", "new_title": "Night owl"}


def test_changing_a_role_goes_through_set_member_role(member, administrator):
    account_services.set_member_role(user=member, role=Role.MODERATOR, by=administrator)
    entry = ModerationLog.objects.get()

    member.refresh_from_db()
    assert (member.role, member.is_staff) == (Role.MODERATOR, True)
    assert list(member.groups.values_list("name", flat=True)) == ["Moderators"]
    assert entry.details == {"old_role": "member", "new_role": "moderator"}


def test_updating_a_profile_makes_the_pages_showing_the_member_stale(member):
    from forum.cache import members_stamp

    before = members_stamp()

    account_services.update_profile(
        member=member, by=member, location="Oslo", website="", about="", signature="Hi"
    )

    member.refresh_from_db()
    assert (member.location, member.signature_html) == ("Oslo", "<p>Hi</p>")
    assert members_stamp() != before


def test_updating_a_profile_without_a_title_keeps_the_title(member):
    member.title = "Kept"
    member.save()

    account_services.update_profile(
        member=member, by=member, location="", website="", about="", signature=""
    )

    member.refresh_from_db()
    assert member.title == "Kept"
