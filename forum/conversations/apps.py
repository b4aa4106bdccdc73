from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "forum.conversations"
    label = "conversations"
    verbose_name = "Conversations"

    def ready(self):
        from accounts.signals import member_deleting

        member_deleting.connect(_member_deleting, dispatch_uid="conversations.member_deleting")


def _member_deleting(sender, member, **kwargs):
    from forum.conversations.services import leave_everything_for_good

    leave_everything_for_good(member=member)
