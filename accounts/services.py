from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual

from accounts.models import User
from accounts.roles import GROUP_NAMES, STAFF_ROLES, Role


@transaction.atomic
def set_member_role(*, user, role):
    """Give ``user`` the role: its field, its group, staff and superuser flags change together."""
    role = Role(role)
    user.role = role
    user.is_staff = role in STAFF_ROLES
    user.is_superuser = role == Role.ADMINISTRATOR
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    _join_role_group(user, role)
    return user


def _join_role_group(user, role):
    role_groups = Group.objects.filter(name__in=GROUP_NAMES.values())
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))


@transaction.atomic
def promote_if_eligible(user):
    """Make ``user`` a senior member if they are a plain member past both thresholds.

    Called where the counters grow. One UPDATE decides, so two replies at once promote once,
    and only members are ever touched: staff and senior members keep their role.
    """
    promoted = (
        User.objects.filter(
            GreaterThanOrEqual(F("message_count"), settings.FORUM_SENIOR_MIN_MESSAGES),
            GreaterThanOrEqual(
                # Likes an import did not show are unknown, not 0; the likes received here
                # still count.
                F("likes_received") + Coalesce(F("imported_likes_received"), 0),
                settings.FORUM_SENIOR_MIN_LIKES,
            ),
            pk=user.pk,
            role=Role.MEMBER,
        ).update(role=Role.SENIOR_MEMBER)
        == 1
    )
    if promoted:
        user.role = Role.SENIOR_MEMBER
        _join_role_group(user, Role.SENIOR_MEMBER)
    return promoted
