import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from accounts.roles import GROUP_NAMES, ROLE_PERMISSIONS, Role, sync_role_groups
from accounts.services import promote_if_eligible
from forum import permissions
from forum.posts.services import like_post, reply_to_thread
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_each_role_group_holds_exactly_its_permissions(role):
    group = Group.objects.get(name=GROUP_NAMES[role])

    held = {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }

    assert held == set(ROLE_PERMISSIONS[role])


def test_moderators_hold_nothing_of_roles_accounts_groups_or_boards():
    moderator = UserFactory(role=Role.MODERATOR)

    for permission in [
        "accounts.change_member_role",
        "accounts.change_user",
        "accounts.add_user",
        "auth.change_group",
        "auth.change_permission",
        "boards.change_board",
    ]:
        assert not moderator.has_perm(permission), permission


def test_a_mistyped_permission_in_the_table_fails_loudly(monkeypatch):
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.MEMBER, ["threads.fly_thread"])

    with pytest.raises(LookupError, match="threads.fly_thread"):
        sync_role_groups()


@pytest.mark.parametrize(
    ("role", "moderates"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.MODERATOR, True),
        (Role.SENIOR_MEMBER, False),
        (Role.MEMBER, False),
    ],
)
def test_the_rules_follow_the_role(thread, role, moderates):
    user = UserFactory(role=role)

    assert permissions.can_lock_threads(user) is moderates
    assert permissions.can_reach_admin(user) is moderates
    assert permissions.can_reply_to_locked_thread(user) is moderates


def test_a_ban_takes_a_moderators_powers_away(thread):
    moderator = UserFactory(role=Role.MODERATOR)
    User.objects.filter(pk=moderator.pk).update(is_banned=True, ban_reason="Abuse")
    moderator.refresh_from_db()

    assert not permissions.can_lock_threads(moderator)
    assert not permissions.can_reach_admin(moderator)


def test_only_administrators_change_roles_and_never_their_own():
    administrator = UserFactory(role=Role.ADMINISTRATOR)
    moderator = UserFactory(role=Role.MODERATOR)
    member = UserFactory()

    assert permissions.can_change_member_role(administrator, member)
    assert not permissions.can_change_member_role(administrator, administrator)
    assert not permissions.can_change_member_role(moderator, member)


# Senior members.


@pytest.fixture
def thresholds(settings):
    settings.FORUM_SENIOR_MIN_MESSAGES = 3
    settings.FORUM_SENIOR_MIN_LIKES = 2


def counters(user, *, messages, likes, imported=0):
    User.objects.filter(pk=user.pk).update(
        message_count=messages, likes_received=likes, imported_likes_received=imported
    )


def test_a_member_past_both_thresholds_becomes_a_senior_member(thresholds):
    member = UserFactory()
    counters(member, messages=3, likes=2)

    assert promote_if_eligible(member)

    member.refresh_from_db()
    assert member.role == Role.SENIOR_MEMBER
    assert list(member.groups.values_list("name", flat=True)) == ["Senior members"]


@pytest.mark.parametrize(("messages", "likes"), [(2, 5), (9, 1)])
def test_a_member_short_of_either_threshold_stays_a_member(thresholds, messages, likes):
    member = UserFactory()
    counters(member, messages=messages, likes=likes)

    assert not promote_if_eligible(member)
    assert User.objects.get(pk=member.pk).role == Role.MEMBER


def test_likes_carried_over_from_an_import_count(thresholds):
    member = UserFactory()
    counters(member, messages=3, likes=0, imported=2)

    assert promote_if_eligible(member)


def test_likes_received_here_count_when_an_imports_likes_are_unknown(thresholds):
    member = UserFactory()
    counters(member, messages=3, likes=2, imported=None)

    assert promote_if_eligible(member)


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.MODERATOR, Role.SENIOR_MEMBER])
def test_promotion_never_touches_staff_or_seniors(thresholds, role):
    user = UserFactory(role=role)
    counters(user, messages=100, likes=100)

    assert not promote_if_eligible(user)
    assert User.objects.get(pk=user.pk).role == role


def test_the_reply_that_reaches_the_threshold_promotes(thresholds, thread):
    member = UserFactory()
    counters(member, messages=2, likes=2)

    reply_to_thread(thread=thread, author=member, body="My third message.")

    assert User.objects.get(pk=member.pk).role == Role.SENIOR_MEMBER


def test_the_like_that_reaches_the_threshold_promotes(thresholds, thread):
    author = UserFactory()
    counters(author, messages=3, likes=1)
    post = PostFactory(thread=thread, author=author)

    like_post(post=post, user=UserFactory())

    assert User.objects.get(pk=author.pk).role == Role.SENIOR_MEMBER


def test_below_the_thresholds_no_query_asks_to_promote(thresholds, thread):
    member = UserFactory()

    with CaptureQueriesContext(connection) as queries:
        reply_to_thread(thread=thread, author=member, body="First.")

    # The counters' UPDATE reads them back: below the thresholds nothing more is asked.
    role_queries = [
        q["sql"] for q in queries if 'SET "role"' in q["sql"] or "auth_group" in q["sql"]
    ]
    assert role_queries == []
    assert User.objects.get(pk=member.pk).role == Role.MEMBER


def test_a_senior_member_past_the_thresholds_is_not_asked_again(thresholds, thread):
    member = UserFactory(role=Role.SENIOR_MEMBER)
    counters(member, messages=10, likes=10)

    with CaptureQueriesContext(connection) as queries:
        reply_to_thread(thread=thread, author=member, body="Again.")

    assert not [q for q in queries if 'SET "role"' in q["sql"]]
    assert User.objects.get(pk=member.pk).message_count == 11
