"""Posts in the admin: the moderator's list of posts (hide, restore, edit), and likes.

Every change goes through ``forum.posts.services``, which logs a moderator's act on someone
else's post. Posts are never added or deleted here: hiding is the moderator's delete.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from forum import permissions
from forum.moderation.admin import DeskAdmin, desk_action, history_link
from forum.posts import services
from forum.posts.forms import PostEditForm
from forum.posts.models import Like, Post
from forum.posts.services import EditConflict


def _may_hide_or_restore(user, post):
    return permissions.can_hide_post(user, post) or permissions.can_restore_post(user, post)


def _post_action(service, description, done):
    return desk_action(
        service,
        rule=_may_hide_or_restore,
        permission="hide",
        description=description,
        done=done,
        target="post",
        related="thread",
    )


@admin.register(Post)
class PostAdmin(DeskAdmin):
    list_display = [
        "number",
        "thread",
        "author",
        "excerpt",
        "created_at",
        "is_hidden",
        "like_count",
    ]
    list_display_links = ["number"]
    list_filter = ["is_hidden", "thread__board", "created_at"]
    search_fields = ["body", "author__username"]
    search_help_text = "Words of the post, or its author's username."
    ordering = ["-created_at", "-id"]
    form = PostEditForm
    fields = [
        "thread",
        "author",
        ("position", "created_at", "edited_at"),
        ("is_hidden", "like_count"),
        "body",
        "started_from",
        "reason",
        "links",
        "history",
    ]
    readonly_fields = [
        "thread",
        "author",
        "position",
        "created_at",
        "edited_at",
        "is_hidden",
        "like_count",
        "links",
        "history",
    ]
    actions = [
        _post_action(services.hide_post, "Hide", "Hidden"),
        _post_action(services.restore_post, "Restore (unhide)", "Restored"),
    ]

    @admin.display(description="Post", ordering="position")
    def number(self, post):
        return f"#{post.position}"

    @admin.display(description="Text")
    def excerpt(self, post):
        return Truncator(post.body).chars(80)

    @admin.display(description="Links")
    def links(self, post):
        links = format_html('<a href="{}">See it in its thread</a>', post.get_absolute_url())
        if post.revision > 1:
            links += format_html(
                ' · <a href="{}">Earlier versions ({})</a>',
                reverse("posts:history", args=[post.pk]),
                post.revision - 1,
            )
        return links

    @admin.display(description="Moderation history")
    def history(self, post):
        return history_link(post)

    def has_view_permission(self, request, obj=None):
        return permissions.can_moderate_posts(request.user)

    def get_queryset(self, request):
        # Django skips list_select_related when the queryset already selects, so the list's
        # relations are named here with the change page's.
        return super().get_queryset(request).select_related("thread__board", "author", "edited_by")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not permissions.can_edit_post(request.user, obj):
            # Hidden posts take no edits (restore first); the page still shows the text.
            return [*self.readonly_fields, "body"]
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if "body" in self.get_readonly_fields(request, obj):
            fields = [field for field in fields if field not in ("started_from", "reason")]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return permissions.can_edit_others_posts(request.user)
        return permissions.can_edit_post(request.user, obj)

    def has_hide_permission(self, request):
        return permissions.can_moderate_posts(request.user)

    def save_model(self, request, obj, form, change):
        try:
            services.edit_post(
                post=obj,
                by=request.user,
                body=form.cleaned_data["body"],
                expected_revision=form.cleaned_data["started_from"],
                reason=form.cleaned_data["reason"],
            )
        except EditConflict:
            # Saved by someone else between the form's check and this save: theirs stands.
            self.message_user(
                request,
                "Someone saved this post a moment ago; your edit was not applied.",
                messages.ERROR,
            )


@admin.register(Like)
class LikeAdmin(admin.ModelAdmin):
    list_display = ["user", "post", "created_at"]
    list_select_related = ["user", "post"]
    raw_id_fields = ["user", "post"]
    search_fields = ["user__username"]
