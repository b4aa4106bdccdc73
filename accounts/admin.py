"""Members in the admin: everything for administrators, the moderation fields for moderators.

What a moderator may change is decided by ``forum.permissions`` per member: fields outside it
are read-only, so they are not in the form at all and a POST that names them changes nothing.
Role, title and ban changes go through ``accounts.services``, which log them; the role has
one writer, ``set_member_role``, so ``is_staff``, ``is_superuser`` and the groups are shown,
never edited. Any change of what a member's posts show beside them (name, title, role, ban)
makes the cached pages that show it stale.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts import services
from accounts.models import User
from forum import permissions
from forum.cache import touch
from forum.moderation.admin import ShownLookupsOnly, history_link

MODERATION_FIELDS = ["role", "title", "is_banned", "ban_reason", "banned_until"]
BAN_FIELDS = ["is_banned", "ban_reason", "banned_until"]
# The ban's length as a choice (the form's own field, not the member's): each sets
# ``banned_until`` from the moment the form is saved.
BAN_LENGTHS = {"day": timedelta(days=1), "week": timedelta(weeks=1), "month": timedelta(days=30)}


def ban_length_field():
    return forms.ChoiceField(
        label="Ban length",
        choices=[
            ("day", "1 day"),
            ("week", "1 week"),
            ("month", "1 month (30 days)"),
            ("permanent", "Permanent"),
            ("custom", "Until the date and time below (kept as it is if left unchanged)"),
        ],
        initial="custom",
        required=False,
        widget=forms.RadioSelect,
        help_text="A preset replaces the date below when the form is saved.",
    )


class BanFieldsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "banned_until" in self.fields:
            # The admin's date and time boxes sit under one label that names neither box.
            date, time = self.fields["banned_until"].widget.widgets
            date.attrs["aria-label"] = "Ban ends: date"
            time.attrs["aria-label"] = "Ban ends: time"

    def clean(self):
        cleaned = super().clean()
        if "is_banned" in self.fields and cleaned.get("is_banned"):
            if not cleaned.get("ban_reason", "").strip():
                self.add_error("ban_reason", "Give the reason: the member is shown it.")
            length = cleaned.get("ban_length")
            if length in BAN_LENGTHS:
                cleaned["banned_until"] = timezone.now() + BAN_LENGTHS[length]
            elif length == "permanent":
                cleaned["banned_until"] = None
            until = cleaned.get("banned_until")
            if until is not None and until <= timezone.now():
                self.add_error("banned_until", "The end of a ban must be in the future.")
        return cleaned


class MemberChangeForm(BanFieldsMixin, UserChangeForm):
    """The administrator's form: the whole account."""

    ban_length = ban_length_field()


class MemberModerationForm(BanFieldsMixin, forms.ModelForm):
    """The moderator's form: no password field, not even a read-only one."""

    ban_length = ban_length_field()

    class Meta:
        model = User
        fields = []


@admin.register(User)
class MemberAdmin(ShownLookupsOnly, UserAdmin):
    form = MemberChangeForm
    list_filter = ["role", "is_banned", "is_active"]
    ordering = ["username"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name", "email"]}),
        (
            "Forum profile",
            {
                "fields": [
                    "role",
                    "title",
                    "location",
                    "message_count",
                    "likes_received",
                ]
            },
        ),
        (
            "Imported",
            {
                "fields": [
                    "imported_name",
                    "imported_banner",
                    "imported_message_count",
                    "imported_likes_received",
                ],
                "description": "What an imported thread showed of this member on its source "
                "forum; empty counts are unknown. The banner is only shown, and only while "
                "the role is Member.",
            },
        ),
        (
            "Ban",
            {
                "fields": [
                    "is_banned",
                    "ban_reason",
                    "ban_length",
                    "banned_until",
                    "moderation_history",
                ]
            },
        ),
        (
            "Access",
            {
                "fields": ["is_active", "is_staff", "is_superuser", "groups"],
                "description": "Staff, superuser and groups follow the role.",
            },
        ),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    moderator_fieldsets = [
        (None, {"fields": ["username", "role", "date_joined", "message_count"]}),
        (
            "Moderation",
            {
                "fields": [
                    "title",
                    "is_banned",
                    "ban_reason",
                    "ban_length",
                    "banned_until",
                    "moderation_history",
                ]
            },
        ),
    ]
    readonly_fields = [
        "imported_name",
        "message_count",
        "likes_received",
        "date_joined",
        "last_login",
        "is_staff",
        "is_superuser",
        "groups",
        "moderation_history",
    ]

    @admin.display(description="Moderation history")
    def moderation_history(self, member):
        return history_link(member)

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not permissions.can_manage_accounts(request.user):
            fieldsets = self.moderator_fieldsets
        else:
            fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not permissions.can_ban_member(request.user, obj):
            # The length is a choice made when banning; read-only, there is nothing to show.
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != "ban_length"]})
                for name, options in fieldsets
            ]
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not permissions.can_manage_accounts(request.user):
            kwargs["form"] = MemberModerationForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if obj is None:
            return readonly
        user = request.user
        if not permissions.can_manage_accounts(user):
            readonly += ["username", "first_name", "last_name", "email", "location"]
        if not permissions.can_change_member_role(user, obj):
            readonly.append("role")
        if not permissions.can_change_member_title(user, obj):
            readonly.append("title")
        if not permissions.can_ban_member(user, obj):
            readonly += BAN_FIELDS
        return readonly

    def get_list_display(self, request):
        if permissions.can_manage_accounts(request.user):
            return ["username", "email", "role", "title", "is_banned", "message_count"]
        return ["username", "role", "title", "is_banned", "message_count", "date_joined"]

    def get_search_fields(self, request):
        # Email addresses are private: moderators find members by name.
        if permissions.can_manage_accounts(request.user):
            return ["username", "email"]
        return ["username"]

    def has_view_permission(self, request, obj=None):
        return permissions.can_manage_accounts(request.user) or permissions.can_moderate_members(
            request.user
        )

    def has_change_permission(self, request, obj=None):
        user = request.user
        if permissions.can_manage_accounts(user):
            return True
        if obj is None:
            return permissions.can_moderate_members(user)
        return permissions.can_ban_member(user, obj) or permissions.can_change_member_title(
            user, obj
        )

    def has_add_permission(self, request):
        return permissions.can_manage_accounts(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_manage_accounts(request.user) and super().has_delete_permission(
            request, obj
        )

    def user_change_password(self, request, id, form_url=""):
        if not permissions.can_manage_accounts(request.user):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        if not change:
            # A new account joins its role's group like any other (it starts as a member).
            super().save_model(request, obj, form, change)
            services.set_member_role(user=obj, role=obj.role)
            return
        stored = User.objects.get(pk=obj.pk)
        wanted = {field: getattr(obj, field) for field in MODERATION_FIELDS}
        # The moderation fields are written by the services below, which log them; the rest
        # of an administrator's changes are saved as Django's admin saves them.
        for field in MODERATION_FIELDS:
            setattr(obj, field, getattr(stored, field))
        if set(form.changed_data) - {*MODERATION_FIELDS, "ban_length"}:
            super().save_model(request, obj, form, change)
            if "username" in form.changed_data:
                touch(members=[obj])
        self._apply_moderation(request, obj, stored, wanted)
        obj.refresh_from_db()

    def _apply_moderation(self, request, member, stored, wanted):
        user = request.user
        if wanted["role"] != stored.role and permissions.can_change_member_role(user, member):
            services.set_member_role(user=member, role=wanted["role"], by=user)
        if wanted["title"] != stored.title and permissions.can_change_member_title(user, member):
            services.change_member_title(member=member, title=wanted["title"], by=user)
        if not permissions.can_ban_member(user, member):
            return
        if wanted["is_banned"]:
            services.ban_member(
                member=member,
                by=user,
                reason=wanted["ban_reason"],
                until=wanted["banned_until"],
            )
        elif stored.is_banned:
            services.lift_ban(member=member, by=user)


class RoleGroupAdmin(GroupAdmin):
    """Django's group page. Members' permission names are cached (accounts.backends): a group
    whose permissions change, or that goes, makes them stale at once, as a role change does."""

    def save_related(self, request, form, formsets, change):
        # The permissions are a many-to-many field, saved here, after the group's row.
        super().save_related(request, form, formsets, change)
        touch(permissions=True)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        touch(permissions=True)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        touch(permissions=True)


admin.site.unregister(Group)
admin.site.register(Group, RoleGroupAdmin)
