"""Template helpers loaded everywhere (see TEMPLATES builtins in settings)."""

from django import template

from forum import permissions

register = template.Library()


@register.filter
def can_view_hidden(user):
    return permissions.can_view_hidden(user)


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
def pagination(page_obj):
    return {"page_obj": page_obj}
