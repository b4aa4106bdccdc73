from django.contrib import admin

from forum.threads.models import Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "board",
        "starter",
        "reply_count",
        "last_post_at",
        "is_pinned",
        "is_locked",
        "is_hidden",
    ]
    list_filter = ["board", "is_pinned", "is_locked", "is_hidden"]
    list_select_related = ["board", "starter"]
    search_fields = ["title", "starter__username"]
    raw_id_fields = ["starter"]
    readonly_fields = ["reply_count", "last_position", "last_post_at", "source_key"]
    date_hierarchy = "created_at"
