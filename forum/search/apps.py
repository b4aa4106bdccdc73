from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "forum.search"
    verbose_name = "Search"
