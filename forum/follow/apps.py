from django.apps import AppConfig


class FollowConfig(AppConfig):
    name = "forum.follow"
    label = "follow"
    verbose_name = "Following"
