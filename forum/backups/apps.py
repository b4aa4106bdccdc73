from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "forum.backups"
    label = "backups"
    verbose_name = "Backups"
