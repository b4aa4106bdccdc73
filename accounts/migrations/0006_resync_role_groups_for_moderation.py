from django.db import migrations

from accounts.roles import create_role_groups


def resync_groups(apps, schema_editor):
    # The moderation permissions (merging, reports, the log, bans, titles, roles) exist from
    # the migrations below; give the role groups exactly the table in accounts.roles.
    create_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_member_moderation_permissions"),
        ("threads", "0002_thread_merge_permission_and_redirects"),
        ("moderation", "0001_moderation_log_and_reports"),
        ("boards", "0002_initial"),
    ]

    operations = [migrations.RunPython(resync_groups, migrations.RunPython.noop)]
