"""The member list: sorted, paged, searched by name prefix, with a staff tab."""

from datetime import UTC, datetime

import pytest

from accounts.models import User
from accounts.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def names_on(client, address):
    html = client.get(address).content.decode()
    rows = html.split('class="member-row__name"><a href="')[1:]
    return [row.split(">", 1)[1].split("<", 1)[0] for row in rows]


@pytest.fixture
def three(db):
    ann = UserFactory(username="ann", message_count=5, likes_received=1)
    bob = UserFactory(username="Bob", message_count=1, likes_received=9)
    cid = UserFactory(username="cid", message_count=3, likes_received=2)
    for day, member in enumerate([ann, bob, cid], start=1):
        User.objects.filter(pk=member.pk).update(date_joined=datetime(2026, 1, day, tzinfo=UTC))
    # What an import brought counts too.
    User.objects.filter(pk=bob.pk).update(imported_message_count=10)
    return ann, bob, cid


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("", ["Bob", "ann", "cid"]),
        ("?order=messages", ["Bob", "ann", "cid"]),
        ("?order=likes", ["Bob", "cid", "ann"]),
        ("?order=joined", ["cid", "Bob", "ann"]),
        ("?order=name", ["ann", "Bob", "cid"]),
        ("?order=nonsense", ["Bob", "ann", "cid"]),
    ],
)
def test_the_list_is_sorted_as_asked(client, three, order, expected):
    assert names_on(client, "/members/" + order) == expected


def test_the_list_is_paged(client, three, settings):
    settings.FORUM_MEMBERS_PER_PAGE = 2

    assert names_on(client, "/members/?order=name") == ["ann", "Bob"]
    assert names_on(client, "/members/?order=name&page=2") == ["cid"]


def test_a_page_past_the_end_goes_to_the_last(client, three, settings):
    settings.FORUM_MEMBERS_PER_PAGE = 2

    response = client.get("/members/?order=name&page=9")

    assert response.url == "/members/?order=name&page=2"


def test_page_links_keep_the_order_and_the_name(client, db, settings):
    settings.FORUM_MEMBERS_PER_PAGE = 1
    UserFactory(username="ann")
    UserFactory(username="anna")

    html = client.get("/members/?order=name&name=an").content.decode()

    assert 'href="/members/?order=name&amp;name=an&amp;page=2"' in html


def test_a_name_prefix_finds_members_in_any_case(client, three):
    assert names_on(client, "/members/?name=B") == ["Bob"]
    assert names_on(client, "/members/?name=b") == ["Bob"]
    assert "No member whose name starts with" in client.get("/members/?name=zz").content.decode()


def test_the_staff_tab_lists_administrators_and_moderators_only(client, three):
    UserFactory(username="boss", role=Role.ADMINISTRATOR)
    UserFactory(username="keeper", role=Role.MODERATOR)
    UserFactory(username="old", role=Role.SENIOR_MEMBER)

    assert names_on(client, "/members/staff/?order=name") == ["boss", "keeper"]


@pytest.mark.parametrize("members", [3, 40])
def test_the_list_costs_a_fixed_number_of_queries(client, db, members, django_assert_num_queries):
    UserFactory.create_batch(members)

    # The count, then the page's rows.
    with django_assert_num_queries(2):
        response = client.get("/members/")
    assert response.status_code == 200
