from django.contrib.auth.models import Group
from django.db import transaction

from accounts.roles import GROUP_NAMES, STAFF_ROLES, Role


@transaction.atomic
def set_member_role(*, user, role):
    """Give ``user`` the role: its field, its group, staff and superuser flags change together."""
    role = Role(role)
    user.role = role
    user.is_staff = role in STAFF_ROLES
    user.is_superuser = role == Role.ADMINISTRATOR
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    role_groups = Group.objects.filter(name__in=GROUP_NAMES.values())
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
    return user
