"""Limits on how often one member may do something costly (previewing, editing), counted in
the cache every app server shares (Redis in production), so two servers never grant twice.

A fixed window: the count of uses in the current ``period`` seconds, kept under a key that
expires with the window. Good enough for abuse, cheap (one round trip), and never blocks the
member for longer than one window.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from forum.cache import rate_key


@dataclass(frozen=True)
class Rate:
    uses: int
    period: int  # seconds

    @classmethod
    def parse(cls, text):
        """``"30/60"``: 30 uses per 60 seconds."""
        uses, period = text.split("/")
        return cls(int(uses), int(period))


def allow(scope, who, rate):
    """Count one use of ``scope`` by ``who`` (a member's id); whether it is within ``rate``.

    Returns ``(allowed, seconds until the window ends)``.
    """
    now = time.time()
    window = int(now // rate.period)
    key = rate_key(scope, who, window)
    if cache.add(key, 1, rate.period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, rate.period + 1)
            count = 1
    wait = max(1, int((window + 1) * rate.period - now))
    return count <= rate.uses, wait


def preview_rate():
    return Rate.parse(settings.FORUM_PREVIEW_RATE)


def edit_rate():
    return Rate.parse(settings.FORUM_EDIT_RATE)
