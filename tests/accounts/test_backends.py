"""Members' permission names come from the shared cache, and a role change shows at once."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import User
from accounts.roles import GROUP_NAMES, Role
from accounts.services import set_member_role

pytestmark = pytest.mark.django_db


def fresh(member):
    # A new request loads the member anew: nothing kept on the object from the last one.
    return User.objects.get(pk=member.pk)


def test_a_members_permissions_are_read_once_then_from_the_cache(
    moderator, django_assert_num_queries
):
    assert fresh(moderator).has_perm("posts.hide_post")
    member = fresh(moderator)

    with django_assert_num_queries(0):
        assert member.has_perm("posts.hide_post")
        assert not member.has_perm("accounts.change_member_role")


def test_a_role_given_shows_in_the_permissions_at_once(member, administrator):
    assert not fresh(member).has_perm("posts.hide_post")

    set_member_role(user=member, role=Role.MODERATOR, by=administrator)

    assert fresh(member).has_perm("posts.hide_post")


def test_a_role_taken_away_shows_in_the_permissions_at_once(moderator, administrator):
    assert fresh(moderator).has_perm("posts.hide_post")

    set_member_role(user=moderator, role=Role.MEMBER, by=administrator)

    assert not fresh(moderator).has_perm("posts.hide_post")


def test_without_a_page_cache_permissions_are_read_from_the_database(
    moderator, settings, django_assert_num_queries
):
    settings.FORUM_PAGE_CACHE_SECONDS = 0
    fresh(moderator).has_perm("posts.hide_post")
    member = fresh(moderator)

    with django_assert_num_queries(2):  # the member's own permissions, their groups'
        assert member.has_perm("posts.hide_post")


def test_the_cache_backend_authenticates_nobody(rf, member):
    from accounts.backends import CachedPermissionsBackend

    member.set_password("a long pass phrase")
    member.save()

    backend = CachedPermissionsBackend()
    assert (
        backend.authenticate(rf.get("/"), username="reader", password="a long pass phrase") is None
    )


def test_a_groups_permissions_changed_in_the_admin_show_at_once(admin_client, moderator):
    assert fresh(moderator).has_perm("posts.hide_post")
    group = Group.objects.get(name=GROUP_NAMES[Role.MODERATOR])
    kept = group.permissions.exclude(codename="hide_post", content_type__app_label="posts")

    response = admin_client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": group.name, "permissions": [permission.pk for permission in kept]},
    )

    assert response.status_code == 302
    assert not fresh(moderator).has_perm("posts.hide_post")
    assert fresh(moderator).has_perm("posts.change_post")


def test_a_group_deleted_in_the_admin_takes_its_permissions_at_once(admin_client, moderator):
    assert fresh(moderator).has_perm("posts.hide_post")
    group = Group.objects.get(name=GROUP_NAMES[Role.MODERATOR])

    response = admin_client.post(
        reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not fresh(moderator).has_perm("posts.hide_post")
