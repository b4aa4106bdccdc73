from django.contrib import admin

from forum.posts.models import Like, Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "thread", "author", "created_at", "is_hidden", "like_count"]
    list_filter = ["is_hidden", "thread__board"]
    list_select_related = ["thread", "author"]
    search_fields = ["body", "author__username"]
    raw_id_fields = ["thread", "author"]
    readonly_fields = ["position", "body_html", "edited_at", "like_count"]
    date_hierarchy = "created_at"


@admin.register(Like)
class LikeAdmin(admin.ModelAdmin):
    list_display = ["user", "post", "created_at"]
    list_select_related = ["user", "post"]
    raw_id_fields = ["user", "post"]
    search_fields = ["user__username"]
