"""The URLs of a page of posts, from each URL pattern reversed once for the page.

Reversing the ten or so URLs of each of 20 posts took a tenth of a member's thread page; a
URL reversed once with a placeholder id and cut around it gives the same string for any id.
The patterns are kept for the process (keyed on what ``reverse`` reads).
"""

from functools import lru_cache
from types import SimpleNamespace

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Any id the URL converters accept, and long enough not to appear elsewhere in a URL.
PLACEHOLDER = 987654321987654321

POST_URLS = {
    "permalink": "posts:permalink",
    "like": "posts:like",
    "unlike": "posts:unlike",
    "quote": "posts:quote",
    "edit": "posts:edit",
    "hide": "posts:hide",
    "history": "posts:history",
    "report": "posts:report",
    "restore": "posts:restore",
}


class PostUrls:
    """``for_post(post)``: the URLs of ``POST_URLS`` as ``reverse`` gives them, one attribute
    per name (``urls.edit``): the post fragment reads them as attributes, which a dict answers
    only after an AttributeError each."""

    def __init__(self):
        self.patterns = _patterns(settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())

    def for_post(self, post):
        pk = str(post.pk)
        return SimpleNamespace(
            **{name: before + pk + after for name, (before, after) in self.patterns.items()}
        )


@lru_cache(maxsize=8)
def _patterns(root_urlconf, urlconf, script_prefix):
    # The same for every page of a process (reverse() costs ~10 µs a URL), for as long as what
    # reverse() reads is the same: the URLconf and the script prefix, passed as the key.
    patterns = {}
    for name, url_name in POST_URLS.items():
        url = reverse(url_name, kwargs={"pk": PLACEHOLDER})
        before, placeholder, after = url.partition(str(PLACEHOLDER))
        assert placeholder and str(PLACEHOLDER) not in after, url
        patterns[name] = (before, after)
    return patterns
