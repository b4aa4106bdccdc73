"""A permissions backend that keeps each member's permission names in the shared cache.

Asking a permission costs Django's ModelBackend two queries a request (the member's own
permissions and their groups'), on every page a member reads. The names stay the same until
the member's role changes, and ``set_member_role``, the one writer of roles, groups and staff
flags, raises the members' stamp (``forum.cache.touch``), as the admin's group page does when a
group's permissions change (``accounts.admin.RoleGroupAdmin``).

It authenticates nobody and comes first in AUTHENTICATION_BACKENDS: it leaves the names where
ModelBackend (and allauth's, a ModelBackend) look for them first, so they ask no query either.
It loads members as ModelBackend does, for sessions made with it (Django's test client's).
"""

from django.contrib.auth.backends import ModelBackend

from forum.cache import cached_permissions


class CachedPermissionsBackend(ModelBackend):
    def authenticate(self, request, **credentials):
        # Passwords are ModelBackend's and allauth's to check, once each, as before.
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = cached_permissions(
                user_obj,
                lambda: super(CachedPermissionsBackend, self).get_all_permissions(user_obj),
            )
        return user_obj._perm_cache
