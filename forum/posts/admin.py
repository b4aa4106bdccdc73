"""Posts in the admin: the moderator's list of posts (hide, restore, edit), and likes.

Every change goes through ``forum.posts.services``, which logs a moderator's act on someone
else's post. Posts are never added or deleted here: hiding is the moderator's delete.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from accounts.admin import MemberAdmin
from accounts.models import User
from forum import permissions
from forum.moderation.admin import (
    DeskAdmin,
    ShownLookupsOnly,
    confirmation,
    desk_action,
    hidden_note,
    history_link,
)
from forum.moderation.forms import SpammerForm
from forum.posts import services
from forum.posts.forms import DeleteAccountsForm, PostEditForm
from forum.posts.members import delete_member
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


def _may_approve(user, post):
    return permissions.can_approve_posts(user) and post.awaiting_approval


def _queue_action(service, description, done):
    return desk_action(
        service,
        rule=_may_approve,
        permission="approve",
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
    list_filter = ["awaiting_approval", "is_hidden", "thread__board", "created_at"]
    # A thread's "Moderate the posts of this thread" link (ThreadAdmin.posts_link).
    linked_lookups = ["thread"]
    search_fields = ["body", "author__username"]
    search_help_text = "Words of the post, or its author's username."
    ordering = ["-created_at", "-id"]
    form = PostEditForm
    fields = [
        "thread",
        "author",
        ("position", "created_at", "edited_at"),
        ("is_hidden", "like_count"),
        "hidden",
        "body",
        "started_from",
        "reason",
        "links",
        "history",
    ]
    readonly_fields = [
        "hidden",
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
        _queue_action(services.approve_post, "Approve (awaiting approval)", "Approved"),
        _queue_action(services.reject_post, "Reject (awaiting approval)", "Rejected"),
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

    @admin.display(description="Hidden by")
    def hidden(self, obj):
        return hidden_note(obj)

    @admin.display(description="Moderation history")
    def history(self, post):
        return history_link(post)

    def has_view_permission(self, request, obj=None):
        return permissions.can_moderate_posts(request.user)

    def get_queryset(self, request):
        # Django skips list_select_related when the queryset already selects, so the list's
        # relations are named here with the change page's.
        return (
            super()
            .get_queryset(request)
            .select_related("thread__board", "author", "edited_by", "hidden_by")
        )

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

    def has_approve_permission(self, request):
        return permissions.can_approve_posts(request.user)

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
class LikeAdmin(ShownLookupsOnly, admin.ModelAdmin):
    """Likes are given by members, through ``like_post`` and its rules (never one's own post);
    here they are read and, if need be, taken back through ``unlike_post``, so the post's
    ``like_count`` and its author's likes received stay exact."""

    list_display = ["user", "post_link", "created_at"]
    list_select_related = ["user", "post__thread"]
    list_filter = ["created_at"]
    search_fields = ["user__username"]
    search_help_text = "The username of the member who liked."
    fields = ["user", "post_link", "created_at"]
    readonly_fields = fields
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    linked_lookups = ["post", "user"]

    @admin.display(description="Post")
    def post_link(self, like):
        post = like.post
        return format_html(
            '<a href="{}">#{} in “{}”</a>', post.get_absolute_url(), post.position, post.thread
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # Deleting, one or "delete selected" (each after Django's confirmation page), goes through
    # the service.
    def delete_model(self, request, obj):
        services.unlike_post(post=obj.post, user=obj.user)

    def delete_queryset(self, request, queryset):
        for like in queryset.select_related("post", "user"):
            services.unlike_post(post=like.post, user=like.user)


class MemberWithPostsAdmin(MemberAdmin):
    """The members' admin with "Delete spammer", which reaches a member's threads and posts.

    It is registered from here, above both apps: ``accounts`` sits below the posts app and
    never imports it.
    """

    actions = [*MemberAdmin.actions, "remove_spammers", "delete_accounts"]

    def has_remove_spammer_permission(self, request):
        return permissions.can_remove_spammers(request.user)

    @admin.action(
        description="Delete spammer: ban, hide every thread and post…",
        permissions=["remove_spammer"],
    )
    def remove_spammers(self, request, queryset):
        members = list(queryset.order_by("pk"))
        form = SpammerForm(request.POST if "apply" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            return confirmation(
                request,
                self,
                members,
                template="admin/moderation/remove_spammers.html",
                action="remove_spammers",
                title="Delete spammers",
                form=form,
            )
        threads = posts = refused = 0
        for member in members:
            if not permissions.can_remove_spammer(request.user, member):
                refused += 1
                continue
            hidden = services.remove_spammer(
                member=member, by=request.user, reason=form.cleaned_data["reason"]
            )
            threads, posts = threads + hidden[0], posts + hidden[1]
        done = len(members) - refused
        self.message_user(
            request,
            f"Banned {done} member(s); hid {threads} thread(s) and {posts} other post(s).",
            messages.SUCCESS,
        )
        if refused:
            self.message_user(
                request, f"Left alone (staff, or yourself): {refused}.", messages.WARNING
            )
        return None

    def has_delete_account_permission(self, request):
        return permissions.can_delete_accounts(request.user)

    @admin.action(
        description="Delete account: likes taken back, posts kept as “Deleted member”…",
        permissions=["delete_account"],
    )
    def delete_accounts(self, request, queryset):
        members = list(queryset.order_by("pk"))
        form = DeleteAccountsForm(request.POST if "apply" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            return confirmation(
                request,
                self,
                members,
                template="admin/moderation/delete_accounts.html",
                action="delete_accounts",
                title="Delete accounts",
                form=form,
                extra_context={"posts_hidden": settings.FORUM_DELETED_MEMBER_POSTS == "hide"},
            )
        refused = 0
        for member in members:
            if not permissions.can_delete_account(request.user, member):
                refused += 1
                continue
            delete_member(member=member, by=request.user, reason=form.cleaned_data["reason"])
        done = len(members) - refused
        self.message_user(request, f"Deleted {done} account(s).", messages.SUCCESS)
        if refused:
            self.message_user(
                request, f"Left alone (administrators, or yourself): {refused}.", messages.WARNING
            )
        return None


admin.site.unregister(User)
admin.site.register(User, MemberWithPostsAdmin)
