"""The four roles and what each may do, written once.

Each role is a Django group holding explicit permissions, so that the admin (which asks
``user.has_perm``) and the forum's own views (which ask ``forum.permissions``, built on the same
``has_perm``) give the same answer. ``sync_role_groups`` writes this table into the database.
"""

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    MODERATOR = "moderator", "Moderator"
    SENIOR_MEMBER = "senior_member", "Senior Member"
    MEMBER = "member", "Member"


GROUP_NAMES = {
    Role.ADMINISTRATOR: "Administrators",
    Role.MODERATOR: "Moderators",
    Role.SENIOR_MEMBER: "Senior members",
    Role.MEMBER: "Members",
}

# Roles whose members reach the Django admin.
STAFF_ROLES = {Role.ADMINISTRATOR, Role.MODERATOR}

# What moderation needs and nothing more: threads, posts, reports, the log, and members'
# moderation fields. Never roles, passwords, groups, permissions, boards or site settings.
MODERATOR_PERMISSIONS = [
    "threads.view_thread",
    "threads.change_thread",
    "threads.view_hidden_thread",
    "threads.reply_to_locked_thread",
    "threads.lock_thread",
    "threads.pin_thread",
    "threads.move_thread",
    "threads.hide_thread",
    "threads.merge_thread",
    "posts.view_post",
    "posts.change_post",
    "posts.hide_post",
    "posts.view_post_history",
    "posts.bypass_flood_check",
    "moderation.view_report",
    "moderation.close_report",
    "moderation.view_moderationlog",
    "accounts.ban_member",
    "accounts.change_member_title",
]

# Administrators are superusers as well (``set_member_role``); the explicit list keeps the
# group meaningful and says what the role is for.
ADMINISTRATOR_PERMISSIONS = [
    *MODERATOR_PERMISSIONS,
    "accounts.view_user",
    "accounts.change_user",
    "accounts.change_member_role",
    "boards.view_category",
    "boards.add_category",
    "boards.change_category",
    "boards.view_board",
    "boards.add_board",
    "boards.change_board",
]

ROLE_PERMISSIONS = {
    Role.ADMINISTRATOR: ADMINISTRATOR_PERMISSIONS,
    Role.MODERATOR: MODERATOR_PERMISSIONS,
    # A standing and a banner, given for taking part; it carries no moderation power.
    Role.SENIOR_MEMBER: [],
    Role.MEMBER: [],
}


def join_role_group(user, role):
    """Put ``user`` in the group of ``role`` and out of every other role's group."""
    from django.contrib.auth.models import Group

    role_groups = Group.objects.filter(name__in=GROUP_NAMES.values())
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get(name=GROUP_NAMES[Role(role)]))


def create_role_groups(apps=None):
    """Make sure every permission exists, then write the role groups (used by a migration and
    after every ``migrate`` or ``flush``, so the groups never go missing or stale)."""
    from django.contrib.auth.management import create_permissions

    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    for app_config in apps.get_app_configs():
        # create_permissions skips apps without a models module, which historical app
        # registries (inside migrations) never have.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
    sync_role_groups(apps)


def sync_role_groups(apps=None):
    """Create the role groups and give each exactly the permissions of ROLE_PERMISSIONS."""
    from django.apps import apps as global_apps

    if apps is None:
        apps = global_apps
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    existing = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in permission_model.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role, group_name in GROUP_NAMES.items():
        group, _ = group_model.objects.get_or_create(name=group_name)
        missing = [dotted for dotted in ROLE_PERMISSIONS[role] if dotted not in existing]
        # An early migration runs with the models as they were then, which lack permissions
        # added later; those are skipped there and granted by the later migration that
        # re-syncs (and by the post_migrate hook). With the real models every permission must
        # exist, so a typo in the table still fails loudly.
        if missing and apps is global_apps:
            raise LookupError(f"Unknown permissions for {group_name}: {missing}")
        group.permissions.set(
            [existing[dotted] for dotted in ROLE_PERMISSIONS[role] if dotted in existing]
        )
