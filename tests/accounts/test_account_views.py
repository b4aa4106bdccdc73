"""The account area: its sections, the profile and preferences forms."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.sections import SECTIONS
from tests.factories import PostFactory, UserFactory
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db

PROFILE = "/account/profile/"
PREFERENCES = "/account/preferences/"


def profile_data(**changed):
    data = {"location": "Lyon", "website": "", "about": "", "signature": "", "title": ""}
    return {**data, **changed}


def test_the_account_address_opens_the_profile_section(client, member):
    client.force_login(member)

    assert client.get("/account/").url == PROFILE


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("address", [PROFILE, PREFERENCES, "/account/delete/", "/accounts/email/"])
def test_every_account_page_lists_every_section(client, member, address):
    client.force_login(member)

    html = client.get(address).content.decode()

    for section in SECTIONS:
        assert f'href="{reverse(section.url_name)}"' in html, section.key


def test_the_section_shown_is_marked_current(client, member):
    client.force_login(member)

    html = client.get(PREFERENCES).content.decode()

    assert f'<a href="{PREFERENCES}" aria-current="page">Preferences</a>' in html


def test_saving_the_profile_writes_it(client, member):
    client.force_login(member)

    response = client.post(
        PROFILE,
        profile_data(website="https://example.org/", about="Hello.", signature="**Bold** me"),
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.location, member.website, member.about) == (
        "Lyon",
        "https://example.org/",
        "Hello.",
    )
    assert member.signature_html == "<p><strong>Bold</strong> me</p>"


def test_a_refused_profile_keeps_what_was_typed_with_the_message_beside_the_field(client, member):
    client.force_login(member)

    response = client.post(PROFILE, profile_data(website="not an address", about="Kept words"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kept words" in html
    assert 'value="Lyon"' in html
    field = html.split('for="id_website"')[1].split("</div>")[0]
    assert "Enter a valid URL." in field
    member.refresh_from_db()
    assert member.location == ""


def test_a_member_whose_role_may_not_set_a_title_is_not_offered_one(client, member):
    client.force_login(member)

    assert 'name="title"' not in client.get(PROFILE).content.decode()
    client.post(PROFILE, profile_data(title="Supreme leader"))

    member.refresh_from_db()
    assert member.title == ""


def test_a_role_the_setting_names_sets_its_own_title(client, db, settings):
    settings.FORUM_SELF_TITLE_ROLES = ["senior_member"]
    senior = UserFactory(role=Role.SENIOR_MEMBER)
    client.force_login(senior)

    client.post(PROFILE, profile_data(title="Old hand"))

    senior.refresh_from_db()
    assert senior.title == "Old hand"


def test_saving_preferences_writes_them(client, member):
    client.force_login(member)

    client.post(PREFERENCES, {"time_zone": "Asia/Tokyo", "hide_signatures": "on"})

    member.refresh_from_db()
    assert (member.time_zone, member.show_online, member.hide_signatures) == (
        "Asia/Tokyo",
        False,
        True,
    )


def test_an_unknown_time_zone_is_refused_beside_its_field(client, member):
    client.force_login(member)

    response = client.post(PREFERENCES, {"time_zone": "Mars/Olympus", "show_online": "on"})

    field = response.content.decode().split('for="id_time_zone"')[1].split("</div>")[0]
    assert "Select a valid choice" in field


def test_dates_are_shown_in_the_members_time_zone(client, board, member):
    thread = make_thread(posts=0, board=board)
    PostFactory(thread=thread, created_at=datetime(2026, 1, 1, 23, 30, tzinfo=UTC))
    member.time_zone = "Asia/Tokyo"
    member.save()
    client.force_login(member)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert "Jan 2, 2026 at 8:30 AM" in html


def test_a_visitor_sees_dates_in_the_sites_time(client, board):
    thread = make_thread(posts=0, board=board)
    PostFactory(thread=thread, created_at=datetime(2026, 1, 1, 23, 30, tzinfo=UTC))

    html = client.get(thread.get_absolute_url()).content.decode()

    assert "Jan 1, 2026 at 11:30 PM" in html


def test_the_delete_section_says_deletion_is_not_there_yet(client, member):
    client.force_login(member)

    assert "coming soon" in client.get("/account/delete/").content.decode()
