from django.apps import AppConfig


class ThreadsConfig(AppConfig):
    name = "forum.threads"
    label = "threads"
