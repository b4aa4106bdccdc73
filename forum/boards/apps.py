from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "forum.boards"
    label = "boards"
