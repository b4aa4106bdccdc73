"""A member's profile address, written from its URL pattern reversed once per process.

A page of posts names dozens of members (author panels, likes lines), and ``reverse()`` costs
some 10 µs a call; the address reversed with placeholders and cut around them gives the same
string, the slug quoted as ``reverse()`` quotes it.
"""

from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify

# What the ``uslug`` and ``int`` converters accept, and appears nowhere else in the address.
SLUG_PLACEHOLDER = "slug-placeholder-8642"
PK_PLACEHOLDER = 975318642975318642
# What reverse() leaves unquoted (RFC 3986's pchar).
SAFE = "!$&'()*+,;=/~:@"


def member_slug(username):
    """The slug of a member's address: their name's, or "member" for a name with none."""
    return slugify(username, allow_unicode=True) or "member"


def profile_url(pk, username):
    """``reverse("accounts:profile", ...)`` of the member ``pk`` named ``username``."""
    before, between, after = _pattern(settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    return f"{before}{quote(member_slug(username), safe=SAFE)}{between}{pk}{after}"


@lru_cache(maxsize=8)
def _pattern(root_urlconf, urlconf, script_prefix):
    # Keyed on what reverse() reads, so a different URLconf or script prefix reverses anew.
    url = reverse("accounts:profile", kwargs={"slug": SLUG_PLACEHOLDER, "pk": PK_PLACEHOLDER})
    before, _, rest = url.partition(SLUG_PLACEHOLDER)
    between, _, after = rest.partition(str(PK_PLACEHOLDER))
    assert SLUG_PLACEHOLDER not in after and str(PK_PLACEHOLDER) not in after, url
    return before, between, after
