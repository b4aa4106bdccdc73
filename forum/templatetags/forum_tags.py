"""Template helpers loaded everywhere (see TEMPLATES builtins in settings)."""

from django import template
from django.utils import timezone

from forum import permissions

register = template.Library()


@register.filter
def can_view_hidden(user):
    return permissions.can_view_hidden(user)


@register.filter
def isotime(value):
    """A datetime as HTML's ``datetime`` attribute takes it: ISO 8601 without microseconds."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


# Moderation (templates/moderation/): the rules the moderation views and admin check.


@register.filter
def can_reach_admin(user):
    return permissions.can_reach_admin(user)


@register.filter
def can_moderate_thread(user, thread):
    return permissions.can_moderate_thread(user, thread)


@register.filter
def can_lock_thread(user, thread):
    return permissions.can_lock_thread(user, thread)


@register.filter
def can_pin_thread(user, thread):
    return permissions.can_pin_thread(user, thread)


@register.filter
def can_hide_thread(user, thread):
    return permissions.can_hide_thread(user, thread)


@register.filter
def can_move_thread(user, thread):
    return permissions.can_move_thread(user, thread)


@register.filter
def can_hide_post(user, post):
    return permissions.can_hide_post(user, post)


@register.filter
def can_restore_post(user, post):
    return permissions.can_restore_post(user, post)


@register.filter
def can_report_post(user, post):
    return permissions.can_report_post(user, post)


@register.inclusion_tag("_pagination.html")
def pagination(page_obj, label="Pages"):
    # Pages with a list above and below name the two navs apart for screen readers.
    return {"page_obj": page_obj, "label": label}
