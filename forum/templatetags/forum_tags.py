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


@register.inclusion_tag("_pagination.html")
def pagination(page_obj, label="Pages"):
    # Pages with a list above and below name the two navs apart for screen readers.
    return {"page_obj": page_obj, "label": label}
