"""The admin as the moderator's desk: threads, posts, reports and the moderation log.

Every change goes through ``forum.moderation.services``, the functions behind the thread
page's tools too, so counters, page versions and the log stay right whichever door is used.
Every ``has_*_permission`` asks ``forum.permissions``. Threads and posts are never added or
deleted here: threads start on the site, and hiding is the moderator's delete.
"""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.contenttypes.models import ContentType
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from forum import permissions
from forum.moderation import services
from forum.moderation.forms import (
    MergeThreadsForm,
    MoveThreadForm,
    PostEditForm,
    ReasonActionForm,
)
from forum.moderation.models import ModerationLog, Report
from forum.posts.models import Post
from forum.posts.services import EditConflict
from forum.threads.models import Thread


def _reason(request):
    return request.POST.get("reason", "").strip()[:500]


def _run(modeladmin, request, objects, rule, service, done, arguments):
    """Apply ``service`` to each object ``rule`` allows, and say how many changed."""
    changed = unchanged = 0
    for obj in objects:
        if rule(request.user, obj) and service(
            moderator=request.user, reason=_reason(request), **arguments(obj)
        ):
            changed += 1
        else:
            unchanged += 1
    modeladmin.message_user(request, f"{done}: {changed}.", messages.SUCCESS)
    if unchanged:
        modeladmin.message_user(
            request,
            f"Left as they were (already so, or not yours to change): {unchanged}.",
            messages.WARNING,
        )


def _desk_action(service, *, rule, permission, description, done, target, related):
    """An admin action applying ``service`` to each selected ``target`` that ``rule`` allows."""

    @admin.action(description=description, permissions=[permission])
    def action(modeladmin, request, queryset):
        objects = queryset.select_related(related)
        _run(modeladmin, request, objects, rule, service, done, lambda obj: {target: obj})

    action.__name__ = service.__name__
    return action


def _thread_action(rule, service, description, done, permission):
    return _desk_action(
        service,
        rule=rule,
        permission=permission,
        description=description,
        done=done,
        target="thread",
        related="board",
    )


class DeskAdmin(admin.ModelAdmin):
    action_form = ReasonActionForm
    # Lists of millions of posts: no full COUNT beside the search, no per-filter counts.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting would bypass the counters (and Django's "delete selected" goes with it).
        return False


def history_link(obj):
    """A link to the log entries about ``obj`` (served by the log's target index)."""
    content_type = ContentType.objects.get_for_model(obj)
    return format_html(
        '<a href="{}?content_type__id__exact={}&amp;object_id={}">Moderation log entries</a>',
        reverse("admin:moderation_moderationlog_changelist"),
        content_type.pk,
        obj.pk,
    )


def _confirmation(request, modeladmin, queryset, *, template, action, title, form):
    return TemplateResponse(
        request,
        template,
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "opts": modeladmin.model._meta,
            "objects": queryset,
            "form": form,
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        },
    )


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
        ("reply_count", "last_position", "last_post_at"),
        "posts_link",
        "history",
    ]
    readonly_fields = [
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
        _thread_action(permissions.can_lock_thread, services.lock_thread, "Lock", "Locked", "lock"),
        _thread_action(
            permissions.can_lock_thread, services.unlock_thread, "Unlock", "Unlocked", "lock"
        ),
        _thread_action(permissions.can_pin_thread, services.pin_thread, "Pin", "Pinned", "pin"),
        _thread_action(
            permissions.can_pin_thread, services.unpin_thread, "Unpin", "Unpinned", "pin"
        ),
        _thread_action(permissions.can_hide_thread, services.hide_thread, "Hide", "Hidden", "hide"),
        _thread_action(
            permissions.can_hide_thread,
            services.restore_thread,
            "Restore (unhide)",
            "Restored",
            "hide",
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

    @admin.display(description="Moderation history")
    def history(self, thread):
        return history_link(thread)

    def has_view_permission(self, request, obj=None):
        return permissions.can_moderate_thread(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return permissions.can_rename_thread(request.user, obj)

    def has_lock_permission(self, request):
        return permissions.can_lock_thread(request.user, None)

    def has_pin_permission(self, request):
        return permissions.can_pin_thread(request.user, None)

    def has_hide_permission(self, request):
        return permissions.can_hide_thread(request.user, None)

    def has_move_permission(self, request):
        return permissions.can_move_thread(request.user, None)

    def has_merge_permission(self, request):
        return permissions.can_merge_threads(request.user, None)

    def save_model(self, request, obj, form, change):
        services.rename_thread(thread=obj, title=form.cleaned_data["title"], moderator=request.user)

    @admin.action(description="Move to another board…", permissions=["move"])
    def move_threads(self, request, queryset):
        threads = list(queryset.select_related("board"))
        form = MoveThreadForm(
            request.POST if "apply" in request.POST else None,
            initial={"reason": _reason(request)},
        )
        if form.is_bound and form.is_valid():
            _run(
                self,
                request,
                threads,
                permissions.can_move_thread,
                services.move_thread,
                f"Moved to {form.cleaned_data['board']}",
                arguments=lambda thread: {"thread": thread, "board": form.cleaned_data["board"]},
            )
            return None
        return _confirmation(
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
            initial={"reason": _reason(request), "target": threads[0].pk if threads else None},
        )
        if form.is_bound and form.is_valid():
            target = form.cleaned_data["target_thread"]
            sources = form.cleaned_data["sources"]
            if not all(
                permissions.can_merge_threads(request.user, thread) for thread in [target, *sources]
            ):
                self.message_user(request, "You may not merge these threads.", messages.ERROR)
                return None
            services.merge_threads(
                sources=sources,
                target=target,
                moderator=request.user,
                reason=form.cleaned_data["reason"],
            )
            self.message_user(
                request,
                f"Merged {len(sources)} thread(s) into “{target.title}”.",
                messages.SUCCESS,
            )
            return None
        return _confirmation(
            request,
            self,
            threads,
            template="admin/moderation/merge_threads.html",
            action="merge_threads",
            title="Merge threads",
            form=form,
        )


def _may_hide_or_restore(user, post):
    return permissions.can_hide_post(user, post) or permissions.can_restore_post(user, post)


def _post_action(service, description, done):
    return _desk_action(
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
                moderator=request.user,
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


class ReportStatusFilter(admin.SimpleListFilter):
    """Open reports first, as a moderator's queue; closed ones one click away."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("closed", "Closed"), ("all", "All")]

    def choices(self, changelist):
        current = self.value() or "open"
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or "open"
        if value == "open":
            return queryset.open()
        if value == "closed":
            return queryset.filter(closed_at__isnull=False)
        return queryset


def _close_reports(outcome, description):
    def close(*, report, moderator, reason):
        return services.close_report(
            report=report, moderator=moderator, outcome=outcome, note=reason
        )

    close.__name__ = f"close_{outcome}"
    return _desk_action(
        close,
        rule=permissions.can_close_report,
        permission="close",
        description=description,
        done="Closed",
        target="report",
        related="reporter",
    )


@admin.register(Report)
class ReportAdmin(DeskAdmin):
    list_display = ["post_link", "reporter", "excerpt", "created_at", "is_open", "outcome"]
    # The post column is a link to the post already: a link to the report around it would nest.
    list_display_links = ["excerpt"]
    list_filter = [ReportStatusFilter, "outcome", "created_at"]
    list_select_related = ["post__thread", "reporter"]
    search_fields = ["reason", "reporter__username"]
    ordering = ["-created_at", "-id"]
    fields = [
        "post_link",
        "post_text",
        "reporter",
        "reason",
        "created_at",
        ("closed_at", "closed_by"),
        "outcome",
        "outcome_note",
    ]
    readonly_fields = [
        "post_link",
        "post_text",
        "reporter",
        "reason",
        "created_at",
        "closed_at",
        "closed_by",
    ]
    actions = [
        _close_reports(Report.Outcome.ACTION_TAKEN, "Close: resolved, action taken"),
        _close_reports(Report.Outcome.NO_ACTION, "Close: rejected, no action needed"),
    ]

    @admin.display(description="Post")
    def post_link(self, report):
        post = report.post
        return format_html(
            '<a href="{}">#{} in “{}”</a>', post.get_absolute_url(), post.position, post.thread
        )

    @admin.display(description="Text of the post")
    def post_text(self, report):
        return Truncator(report.post.body).chars(2000)

    @admin.display(description="Reason")
    def excerpt(self, report):
        return Truncator(report.reason).chars(80)

    @admin.display(description="Open", boolean=True)
    def is_open(self, report):
        return report.is_open

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return [*self.readonly_fields, "outcome", "outcome_note"]
        return self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "outcome" in form.base_fields:
            form.base_fields["outcome"].required = True
        return form

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_reports(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return permissions.can_close_reports(request.user)
        return permissions.can_close_report(request.user, obj)

    def has_close_permission(self, request):
        return permissions.can_close_reports(request.user)

    def save_model(self, request, obj, form, change):
        services.close_report(
            report=obj,
            moderator=request.user,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["outcome_note"],
        )


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the moderation services and nothing else."""

    list_display = ["created_at", "actor", "action", "target_link", "reason"]
    list_filter = ["action", "created_at"]
    list_select_related = ["actor", "content_type"]
    search_fields = ["target_repr", "actor__username", "reason"]
    search_help_text = "What was acted on, the moderator's username, or the reason."
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    ordering = ["-created_at", "-id"]

    @admin.display(description="Target")
    def target_link(self, entry):
        try:
            url = reverse(
                f"admin:{entry.content_type.app_label}_{entry.content_type.model}_change",
                args=[entry.object_id],
            )
        except NoReverseMatch:
            return entry.target_repr
        return format_html('<a href="{}">{}</a>', url, entry.target_repr)

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_moderation_log(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
