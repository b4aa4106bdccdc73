from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "forum.conversations"
    label = "conversations"
    verbose_name = "Conversations"
