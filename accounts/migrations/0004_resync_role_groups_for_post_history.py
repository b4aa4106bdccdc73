from django.db import migrations

from accounts.roles import create_role_groups


def resync_groups(apps, schema_editor):
    # Moderators gain posts.view_post_history and posts.bypass_flood_check.
    create_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_member_ban"),
        ("posts", "0003_post_revisions_and_submission_tokens"),
    ]

    operations = [migrations.RunPython(resync_groups, migrations.RunPython.noop)]
