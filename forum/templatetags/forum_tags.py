"""Template helpers loaded everywhere (see TEMPLATES builtins in settings).

Templates ask ``forum.permissions`` itself through ``{% can %}`` and ``{% why_cannot %}``, so a
template asks exactly what the view checks and decides nothing of its own.
"""

from django import template
from django.conf import settings

from forum import permissions
from forum.cache import panel_context, shared_cache_available
from forum.jinja2 import isotime, render_fragment

register = template.Library()


@register.simple_tag
def forum_name():
    """The site's name (``FORUM_NAME``), for the header, page titles and breadcrumbs."""
    return settings.FORUM_NAME


@register.simple_tag
def cache_available():
    """Whether the shared cache answers (the 429 page tells a pause from too many attempts)."""
    return shared_cache_available()


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


@register.simple_tag(takes_context=True)
def can(context, rule, *objects):
    """Ask ``forum.permissions.can_<rule>(user, *objects)``, as the views do:
    ``{% can "edit_post" post as may_edit %}``, ``{% can "lock_threads" as may_lock %}``."""
    return getattr(permissions, f"can_{rule}")(context["user"], *objects)


@register.simple_tag(takes_context=True)
def why_cannot(context, rule, *objects):
    """The refusal text of ``forum.permissions.why_cannot_<rule>(user, *objects)``, or "":
    ``{% why_cannot "participate" as refusal %}``."""
    return getattr(permissions, f"why_cannot_{rule}")(context["user"], *objects) or ""


register.filter("isotime", isotime)


@register.simple_tag
def pagination(page_obj, label="Pages"):
    """The page links of ``page_obj`` (a ``forum.paging.PageLinks``); pages with a list above
    and below name the two navs apart for screen readers."""
    return render_fragment("_pagination.html", {"page_obj": page_obj, "label": label})


@register.simple_tag(takes_context=True)
def author_panel(context, member):
    """The author panel of ``member`` (the Jinja2 template posts/_author_panel.html): the
    page's own (``author_panels``, from ``forum.cache.author_panels``) or rendered here."""
    panels = context.get("author_panels") or {}
    if member.pk in panels:
        return panels[member.pk]
    return render_fragment("posts/_author_panel.html", panel_context(member))


@register.simple_tag(takes_context=True)
def fragment(context, name, **values):
    """A template of the Jinja2 engine (templates/jinja2/, forum.jinja2) in a page of this
    engine, given ``values`` and the request:
    ``{% fragment "accounts/_avatar.html" member=thread.starter small=True %}``."""
    return render_fragment(name, values, request=context.get("request"))
