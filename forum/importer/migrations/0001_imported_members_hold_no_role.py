"""Members imported before this release lose the roles their dump's banners gave them.

The importer used to turn a dump's "Administrator" banner into a superuser and "Moderator" into
staff. Imported members are now plain members who keep the banner only to show it, and their
likes and messages on the source forum, which the dumps never held, are unknown rather than 0.
An imported member is one whose password is exactly "!", which only the importer ever stored
(Django's unusable passwords are "!" and 40 random characters).
"""

from django.db import migrations

SHOWN_BANNERS = {
    "administrator": "Administrator",
    "moderator": "Moderator",
    "senior_member": "Senior Member",
}


def strip_imported_roles(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Group = apps.get_model("auth", "Group")
    members_group = Group.objects.filter(name="Members").first()
    role_groups = list(
        Group.objects.filter(name__in=["Administrators", "Moderators", "Senior members", "Members"])
    )
    for member in User.objects.filter(password="!").iterator():
        if not member.imported_name:
            member.imported_name = member.username
        if member.role in SHOWN_BANNERS and not member.imported_banner:
            member.imported_banner = SHOWN_BANNERS[member.role]
        member.role = "member"
        member.is_staff = member.is_superuser = False
        # The dumps never showed a member's messages, and an imported 0 likes may have been a
        # count the dump lost: unknown is shown as unknown.
        member.imported_message_count = None
        if member.imported_likes_received == 0:
            member.imported_likes_received = None
        member.save(
            update_fields=[
                "imported_name",
                "imported_banner",
                "role",
                "is_staff",
                "is_superuser",
                "imported_message_count",
                "imported_likes_received",
            ]
        )
        member.groups.remove(*role_groups)
        if members_group is not None:
            member.groups.add(members_group)
        member.user_permissions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_imported_facts_may_be_unknown"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(strip_imported_roles, migrations.RunPython.noop)]
