"""Conversations in the Django admin: their facts only (who, when, how many), for the
administrators who keep the site running. Titles and messages are private to the participants,
so the admin shows neither, and lists no message at all."""

from django.contrib import admin

from forum.conversations.models import Conversation


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["pk", "starter", "created_at", "message_count", "participant_count"]
    list_select_related = ["starter"]
    fields = ["starter", "created_at", "last_message_at", "message_count", "participant_count"]
    readonly_fields = fields
    ordering = ["-last_message_at", "-id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
