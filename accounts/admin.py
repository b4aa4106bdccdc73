from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class MemberAdmin(UserAdmin):
    list_display = ["username", "email", "role", "title", "message_count", "date_joined"]
    list_filter = ["role", "is_active", "is_staff"]
    search_fields = ["username", "email"]
    readonly_fields = ["message_count", "likes_received", "date_joined", "last_login"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (
            "Forum profile",
            {
                "fields": [
                    "role",
                    "title",
                    "location",
                    "message_count",
                    "likes_received",
                    "imported_likes_received",
                ]
            },
        ),
    ]
