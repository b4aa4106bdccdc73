from django.contrib import admin

from forum.posts.models import Like

# Posts are moderated in the admin through forum/moderation/admin.py.


@admin.register(Like)
class LikeAdmin(admin.ModelAdmin):
    list_display = ["user", "post", "created_at"]
    list_select_related = ["user", "post"]
    raw_id_fields = ["user", "post"]
    search_fields = ["user__username"]
