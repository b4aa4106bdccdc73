from django.contrib import admin

from forum.follow.models import MailFailure


@admin.register(MailFailure)
class MailFailureAdmin(admin.ModelAdmin):
    """Mails that failed every retry: for an administrator to see, and to fix the cause."""

    list_display = ["failed_at", "recipient", "subject", "attempts"]
    list_filter = ["failed_at"]
    search_fields = ["recipient", "subject"]
    readonly_fields = ["alert", "recipient", "subject", "error", "attempts", "failed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
