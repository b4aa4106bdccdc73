from django import template
from django.urls import NoReverseMatch, reverse

from accounts.sections import SECTIONS

register = template.Library()


@register.inclusion_tag("accounts/_account_nav.html", takes_context=True)
def account_nav(context):
    """The account area's navigation (``accounts.sections.SECTIONS``), the page shown marked:
    ``current`` is "page" on the section's own page, "true" on a page below it."""
    request = context["request"]
    links = []
    for section in SECTIONS:
        try:
            url = reverse(section.url_name)
        except NoReverseMatch:
            # allauth leaves out the pages its settings turn off (a site without passwords).
            continue
        if request.path == url:
            current = "page"
        elif section.has_subpages and request.path.startswith(url):
            current = "true"
        else:
            current = ""
        links.append((section, url, current))
    return {"links": links, "user": context.get("user")}
