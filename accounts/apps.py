from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_role_groups(sender, **kwargs):
    from accounts.roles import create_role_groups

    create_role_groups()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Members"

    def ready(self):
        # ``flush`` (used between transactional tests) empties the groups the migration made;
        # Django's own permissions are recreated the same way, after every migrate and flush.
        post_migrate.connect(_create_role_groups, sender=self)
