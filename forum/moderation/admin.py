"""The admin as the moderator's desk: what every desk page shares, and the reports and the
moderation log, which this app owns.

Threads, posts and members are moderated on their own apps' admin pages (``ThreadAdmin`` in
``forum.threads.admin``, ``PostAdmin`` in ``forum.posts.admin``, ``MemberAdmin`` in
``accounts.admin``), built on ``DeskAdmin`` and ``desk_action`` here. Every change goes through
the service of the app that owns the row, the same function the thread page's tools call, so
counters, page versions and the log stay right whichever door is used. Every
``has_*_permission`` asks ``forum.permissions``.
"""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import flatten
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timezone import localtime

from forum import permissions
from forum.moderation import services
from forum.moderation.forms import ReasonActionForm
from forum.moderation.models import ModerationLog, Report


def reason_from(request):
    return request.POST.get("reason", "").strip()[:500]


def run_action(modeladmin, request, objects, rule, service, done, arguments):
    """Apply ``service`` to each object ``rule`` allows, and say how many changed."""
    changed = unchanged = 0
    for obj in objects:
        if rule(request.user, obj) and service(
            by=request.user, reason=reason_from(request), **arguments(obj)
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


def desk_action(service, *, rule, permission, description, done, target, related):
    """An admin action applying ``service`` to each selected ``target`` that ``rule`` allows."""

    @admin.action(description=description, permissions=[permission])
    def action(modeladmin, request, queryset):
        objects = queryset.select_related(related)
        run_action(modeladmin, request, objects, rule, service, done, lambda obj: {target: obj})

    action.__name__ = service.__name__
    return action


# What a list's own filters put in a URL. Matching text (startswith, contains, regex) is the
# search box's job, on the fields each admin names for it; from the query string it would let
# a viewer rebuild a value they are not shown, one character a request.
FILTER_LOOKUPS = frozenset(
    {"exact", "iexact", "in", "isnull", "gt", "gte", "lt", "lte", "range", "date"}
)


def lookup_path(model, lookup):
    """``(field path, lookups)`` of a query-string filter on ``model``:
    ``"thread__board__id__exact"`` gives ``("thread__board", ["exact"])``; ``(None, …)`` when it
    names no field."""
    parts = lookup.split(LOOKUP_SEP)
    fields = []
    for part in parts:
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            break
        fields.append(field)
        if not field.is_relation or field.related_model is None:
            break
        model = field.related_model
    if not fields:
        return None, parts
    rest = parts[len(fields) :]
    names = [field.name for field in fields]
    if len(fields) > 1 and fields[-1].primary_key:
        # A relation's key is the relation itself (``board__id`` is ``board``).
        names.pop()
    return LOOKUP_SEP.join(names), rest


class ShownLookupsOnly:
    """Filtering from the query string only by what the list's filters offer (``list_filter``)
    and the desk's own links use (``linked_lookups``).

    Django's admin lets any field of the model be filtered from the URL, so
    ``?email__startswith=a`` would read, a request at a time, what the viewer is never shown.
    A refused lookup is Django's ``DisallowedModelAdminLookup``: a 400, never a filtered list.
    """

    linked_lookups = ()

    def filterable_paths(self, request):
        paths = set(self.linked_lookups)
        for item in self.get_list_filter(request):
            if isinstance(item, (list, tuple)):
                item = item[0]
            if isinstance(item, str):
                paths.add(item)
        if self.date_hierarchy:
            paths.add(self.date_hierarchy)
        return paths

    def lookup_allowed(self, lookup, value, request=None):
        path, lookups = lookup_path(self.model, lookup)
        if path is None:
            # A list filter's own parameter (``status``), or a name the query will reject
            # (Django then shows the list unfiltered).
            return True
        return (
            path in self.filterable_paths(request)
            and set(lookups) <= FILTER_LOOKUPS
            # Django's own refusals too (UserAdmin's of the password).
            and super().lookup_allowed(lookup, value, request)
        )


class DeskAdmin(ShownLookupsOnly, admin.ModelAdmin):
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


def hidden_note(obj):
    """Who hid ``obj`` (a thread or a post), when and why, as its row keeps them."""
    if not obj.is_hidden:
        return "Not hidden."
    if obj.hidden_at is None:
        return "Hidden (before who and why were kept: see the moderation log)."
    who = obj.hidden_by.username if obj.hidden_by else "a former member"
    when = date_format(localtime(obj.hidden_at), "M j, Y, g:i A")
    return f"Hidden by {who} on {when}: {obj.hidden_reason or 'no reason given'}."


def confirmation(
    request, modeladmin, queryset, *, template, action, title, form, extra_context=None
):
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
            **(extra_context or {}),
        },
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
    def close(*, report, by, reason):
        return services.close_report(report=report, by=by, outcome=outcome, note=reason)

    close.__name__ = f"close_{outcome}"
    return desk_action(
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
    list_display = ["excerpt", "post_link", "reporter", "created_at", "is_open", "outcome"]
    # The post column is a link to the post: the report's own link goes on its reason, so no
    # link sits inside another and a click on the reason opens the report.
    list_display_links = ["excerpt"]
    list_filter = [ReportStatusFilter, "outcome", "created_at"]
    list_select_related = ["post__thread", "post__author", "message__author", "reporter"]
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
        if report.message_id is not None:
            # No link: moderators read the reported message here, and nothing else of its
            # conversation.
            return format_html("Private message by {}", report.message.author)
        post = report.post
        return format_html(
            '<a href="{}">#{} in “{}”</a>', post.get_absolute_url(), post.position, post.thread
        )

    def get_queryset(self, request):
        # The change page and its messages name the report (``Report.__str__``).
        return super().get_queryset(request).described()

    @admin.display(description="Text of the post")
    def post_text(self, report):
        reported = report.message if report.message_id is not None else report.post
        return Truncator(reported.body).chars(2000)

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
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["outcome_note"],
        )


@admin.register(ModerationLog)
class ModerationLogAdmin(ShownLookupsOnly, admin.ModelAdmin):
    """Read-only: the log is written by the moderation services and nothing else."""

    list_display = ["created_at", "actor", "action", "target_link", "change", "reason"]
    list_filter = ["action", "created_at"]
    # A thread's, post's or member's "Moderation log entries" link (``history_link``).
    linked_lookups = ["content_type", "object_id"]
    fields = [
        "created_at",
        "actor",
        "action",
        ("content_type", "object_id"),
        "target_repr",
        "change",
        "reason",
        "details",
    ]
    readonly_fields = flatten(fields)
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

    @admin.display(description="Change")
    def change(self, entry):
        return entry.change

    def has_view_permission(self, request, obj=None):
        return permissions.can_view_moderation_log(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
