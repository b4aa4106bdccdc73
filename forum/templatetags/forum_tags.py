"""Template helpers loaded everywhere (see TEMPLATES builtins in settings)."""

from django import template

from forum import permissions

register = template.Library()


@register.filter
def can_view_hidden(user):
    return permissions.can_view_hidden(user)


@register.inclusion_tag("_pagination.html")
def pagination(page_obj):
    return {"page_obj": page_obj}
