"""Template helpers loaded everywhere (see TEMPLATES builtins in settings).

The permission filters are ``forum.permissions`` itself, so a template asks exactly what the
view checks: ``{% if user|can_edit_post:post %}``.
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from forum import permissions

register = template.Library()


@register.simple_tag
def forum_name():
    """The site's name (``FORUM_NAME``), for the header, page titles and breadcrumbs."""
    return settings.FORUM_NAME


@register.simple_tag(takes_context=True)
def return_path(context):
    """Where "Log in" and "Sign up" bring the visitor back to: this page, or nothing on the
    account pages themselves.

    Only the path and the page number are kept, never the rest of the query string: a visitor's
    page is shared through the cache under its path and page, so it must link the same for all.
    """
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or (match.url_name or "").startswith("account_"):
        return ""
    page = request.GET.get("page", "")
    return request.path + (f"?page={page}" if page.isdigit() and int(page) > 1 else "")


@register.filter
def can_view_hidden(user):
    return permissions.can_view_hidden(user)


@register.filter
def can_participate(user):
    return permissions.can_participate(user)


@register.filter
def why_cannot_participate(user):
    return permissions.why_cannot_participate(user) or ""


@register.filter
def can_start_thread(user, board):
    return permissions.can_start_thread(user, board)


@register.filter
def can_reply(user, thread):
    return permissions.can_reply(user, thread)


@register.filter
def why_cannot_reply(user, thread):
    return permissions.why_cannot_reply(user, thread) or ""


@register.filter
def can_quote_post(user, post):
    return permissions.can_quote_post(user, post)


@register.filter
def can_edit_post(user, post):
    return permissions.can_edit_post(user, post)


@register.filter
def can_hide_post(user, post):
    return permissions.can_hide_post(user, post)


@register.filter
def can_like_post(user, post):
    return permissions.can_like_post(user, post)


@register.filter
def can_view_post_history(user, post):
    return permissions.can_view_post_history(user, post)


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
def can_restore_post(user, post):
    return permissions.can_restore_post(user, post)


@register.filter
def can_report_post(user, post):
    return permissions.can_report_post(user, post)


@register.inclusion_tag("_pagination.html")
def pagination(page_obj, label="Pages"):
    # Pages with a list above and below name the two navs apart for screen readers.
    return {"page_obj": page_obj, "label": label}


@register.simple_tag(takes_context=True)
def author_panel(context, member):
    """The author panel of ``member``: rendered once for a page by the view
    (``forum.cache.author_panels``, shared through the cache) or, failing that, here."""
    panels = context.get("author_panels") or {}
    if member.pk in panels:
        return panels[member.pk]
    return render_to_string("posts/_author_panel.html", {"member": member})
