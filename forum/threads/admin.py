"""Threads in the admin: the moderator's list of threads and their actions.

The one-click actions come from ``forum.threads.actions``, the table the thread page's tools
use too; moving and merging ask on a page of their own. Threads are never added or deleted
here: they start on the site, and hiding is the moderator's delete.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from forum import permissions
from forum.moderation.admin import (
    DeskAdmin,
    confirmation,
    desk_action,
    hidden_note,
    history_link,
    reason_from,
    run_action,
)
from forum.threads import services
from forum.threads.actions import THREAD_ACTIONS
from forum.threads.forms import MergeThreadsForm, MoveThreadForm
from forum.threads.models import Thread


@admin.register(Thread)
class ThreadAdmin(DeskAdmin):
    list_display = [
        "title",
        "board",
        "starter",
        "replies",
        "latest_post",
        "is_pinned",
        "is_locked",
        "is_hidden",
    ]
    list_filter = ["board", "is_pinned", "is_locked", "is_hidden", "last_post_at"]
    list_select_related = ["board", "starter", "last_post__author"]
    search_fields = ["title", "starter__username"]
    search_help_text = "Title, or the starter's username."
    ordering = ["-last_post_at", "-id"]
    fields = [
        "title",
        "board",
        "starter",
        "created_at",
        ("is_pinned", "is_locked", "is_hidden"),
        "hidden",
        ("reply_count", "last_position", "last_post_at"),
        "posts_link",
        "history",
    ]
    readonly_fields = [
        "hidden",
        "board",
        "starter",
        "created_at",
        "is_pinned",
        "is_locked",
        "is_hidden",
        "reply_count",
        "last_position",
        "last_post_at",
        "posts_link",
        "history",
    ]
    actions = [
        *(
            desk_action(
                action.service,
                rule=action.allows,
                permission=action.permission,
                description=action.label,
                done=action.done,
                target="thread",
                related="board",
            )
            for action in THREAD_ACTIONS.values()
        ),
        "move_threads",
        "merge_threads",
    ]

    @admin.display(description="Replies", ordering="reply_count")
    def replies(self, thread):
        return thread.reply_count

    @admin.display(description="Latest post", ordering="last_post_at")
    def latest_post(self, thread):
        if thread.last_post is None:
            return thread.last_post_at
        return format_html(
            "{} by {}", thread.last_post_at.strftime("%b %d, %Y %H:%M"), thread.last_post.author
        )

    @admin.display(description="Posts")
    def posts_link(self, thread):
        # A thread may hold thousands of posts: link to them, paged, rather than inline them.
        url = reverse("admin:posts_post_changelist") + f"?thread__id__exact={thread.pk}"
        return format_html(
            '<a href="{}">Moderate the posts of this thread</a> · <a href="{}">Read it</a>',
            url,
            thread.get_absolute_url(),
        )

    @admin.display(description="Hidden by")
    def hidden(self, obj):
        return hidden_note(obj)

    @admin.display(description="Moderation history")
    def history(self, thread):
        return history_link(thread)

    def has_view_permission(self, request, obj=None):
        return permissions.can_moderate_threads(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_rename_threads(request.user)

    def has_lock_permission(self, request):
        return permissions.can_lock_threads(request.user)

    def has_pin_permission(self, request):
        return permissions.can_pin_threads(request.user)

    def has_hide_permission(self, request):
        return permissions.can_hide_threads(request.user)

    def has_move_permission(self, request):
        return permissions.can_move_threads(request.user)

    def has_merge_permission(self, request):
        return permissions.can_merge_threads(request.user)

    def save_model(self, request, obj, form, change):
        services.rename_thread(thread=obj, title=form.cleaned_data["title"], by=request.user)

    @admin.action(description="Move to another board…", permissions=["move"])
    def move_threads(self, request, queryset):
        threads = list(queryset.select_related("board"))
        form = MoveThreadForm(
            request.POST if "apply" in request.POST else None,
            initial={"reason": reason_from(request)},
        )
        if form.is_bound and form.is_valid():
            run_action(
                self,
                request,
                threads,
                lambda user, thread: permissions.can_move_threads(user),
                services.move_thread,
                f"Moved to {form.cleaned_data['board']}",
                arguments=lambda thread: {"thread": thread, "board": form.cleaned_data["board"]},
            )
            return None
        return confirmation(
            request,
            self,
            threads,
            template="admin/moderation/move_threads.html",
            action="move_threads",
            title="Move threads",
            form=form,
        )

    @admin.action(description="Merge into one thread…", permissions=["merge"])
    def merge_threads(self, request, queryset):
        threads = list(queryset.select_related("board").order_by("created_at", "pk"))
        form = MergeThreadsForm(
            request.POST if "apply" in request.POST else None,
            threads=threads,
            initial={"reason": reason_from(request), "target": threads[0].pk if threads else None},
        )
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["target_thread"]
            sources = form.cleaned_data["sources"]
            if not permissions.can_merge_threads(request.user):
                self.message_user(request, "You may not merge these threads.", messages.ERROR)
                return None
            services.merge_threads(
                sources=sources,
                target=target,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            self.message_user(
                request,
                f"Merged {len(sources)} thread(s) into “{target.title}”.",
                messages.SUCCESS,
            )
            return None
        return confirmation(
            request,
            self,
            threads,
            template="admin/moderation/merge_threads.html",
            action="merge_threads",
            title="Merge threads",
            form=form,
        )
