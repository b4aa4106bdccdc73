from django.contrib import admin

from forum.boards.models import Board, Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "position", "thread_count", "post_count"]
    list_filter = ["category"]
    list_select_related = ["category"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
