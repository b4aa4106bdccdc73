from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "forum.importer"
    label = "importer"
