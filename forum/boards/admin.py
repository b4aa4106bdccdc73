from django.contrib import admin

from forum.boards.models import Board, Category
from forum.cache import touch


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Every board page names its category, and the index lists it.
        touch(boards=list(obj.boards.all()))


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "position", "thread_count", "post_count"]
    list_filter = ["category"]
    list_select_related = ["category"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        touch(boards=[obj])
