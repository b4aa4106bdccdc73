from django.apps import AppConfig


class GeneratorConfig(AppConfig):
    name = "forum.generator"
    label = "generator"
    verbose_name = "Forum generator"
