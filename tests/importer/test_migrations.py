"""The importer's data migrations, run on rows as an install from before them holds them."""

import importlib

import pytest
from django.apps import apps
from django.db.models import F

from accounts.models import User
from accounts.roles import GROUP_NAMES, Role
from accounts.services import set_member_role
from forum.markup import render_post_body
from tests.factories import PostFactory, UserFactory
from tests.importer.test_command import SEED_AUTHORS

pytestmark = pytest.mark.django_db

strip_imported_roles = importlib.import_module(
    "forum.importer.migrations.0001_imported_members_hold_no_role"
).strip_imported_roles
renumber_seed_thread = importlib.import_module(
    "forum.importer.migrations.0002_seed_thread_keeps_source_numbers"
).renumber_seed_thread


def imported_before(username, role, likes=0):
    """A member as the importer made them before: the banner's role, 0 for unknown likes."""
    member = User.objects.create(username=username, password="!", imported_likes_received=likes)
    return set_member_role(user=member, role=role)


def test_a_member_imported_as_administrator_loses_every_power_and_keeps_the_banner(db):
    imported_before("Yusuf", Role.ADMINISTRATOR)

    strip_imported_roles(apps, None)

    yusuf = User.objects.get(username="Yusuf")
    assert (yusuf.role, yusuf.is_staff, yusuf.is_superuser) == (Role.MEMBER, False, False)
    assert list(yusuf.groups.values_list("name", flat=True)) == [GROUP_NAMES[Role.MEMBER]]
    assert (yusuf.imported_banner, yusuf.imported_name) == ("Administrator", "Yusuf")


def test_a_member_imported_before_has_unknown_messages_and_unknown_likes_for_0(db):
    imported_before("apple", Role.MEMBER)
    imported_before("alice", Role.MEMBER, likes=1204)

    strip_imported_roles(apps, None)

    assert dict(User.objects.values_list("username", "imported_likes_received")) == {
        "apple": None,
        "alice": 1204,
    }
    assert set(User.objects.values_list("imported_message_count", flat=True)) == {None}


def test_a_member_who_signed_up_keeps_their_role(db):
    admin = set_member_role(user=UserFactory(), role=Role.ADMINISTRATOR)

    strip_imported_roles(apps, None)

    admin.refresh_from_db()
    assert (admin.role, admin.is_superuser, admin.imported_name) == (
        Role.ADMINISTRATOR,
        True,
        "",
    )


@pytest.fixture
def seed_numbered_before(seed):
    """The seed as installs before this release hold it: its posts numbered 1 to 7."""
    for old, new in enumerate([1, 3, 4, 5, 6, 7, 8], start=1):
        seed.posts.filter(position=new).update(position=old)
    seed.__class__.objects.filter(pk=seed.pk).update(last_position=7)
    seed.refresh_from_db()
    return seed


def quoting_post(thread, body):
    return PostFactory(thread=thread, body=body, body_html=render_post_body(body))


def test_an_installed_seed_thread_takes_its_sources_numbers(seed_numbered_before):
    renumber_seed_thread(apps, None)

    posts = seed_numbered_before.posts.order_by("position")
    assert list(posts.values_list("position", "author__username")) == list(
        zip([1, 3, 4, 5, 6, 7, 8], SEED_AUTHORS, strict=True)
    )
    seed_numbered_before.refresh_from_db()
    assert (seed_numbered_before.last_position, seed_numbered_before.version) == (8, 1)


def test_replies_written_since_move_up_with_their_quotes(seed_numbered_before, thread):
    reply = quoting_post(seed_numbered_before, '[quote="anoop_mig25, post:3"]\nPutin\n[/quote]')
    elsewhere = quoting_post(
        thread, f'[quote="Alien, post:7, topic:{seed_numbered_before.pk}"]\nWell\n[/quote]'
    )
    seed_numbered_before.__class__.objects.filter(pk=seed_numbered_before.pk).update(
        last_position=F("last_position") + 1
    )

    renumber_seed_thread(apps, None)

    reply.refresh_from_db()
    elsewhere.refresh_from_db()
    assert reply.position == 9
    assert reply.body.startswith('[quote="anoop_mig25, post:4"]')
    assert 'href="post-4/"' in reply.body_html
    assert elsewhere.body.startswith(f'[quote="Alien, post:8, topic:{seed_numbered_before.pk}"]')
    assert f'href="/threads/{seed_numbered_before.pk}/post-8/"' in elsewhere.body_html


def test_a_seed_thread_renumbered_already_is_left_alone(seed):
    renumber_seed_thread(apps, None)

    seed.refresh_from_db()
    assert list(seed.posts.order_by("position").values_list("position", flat=True)) == [
        1,
        3,
        4,
        5,
        6,
        7,
        8,
    ]
    assert (seed.last_position, seed.version) == (8, 0)
