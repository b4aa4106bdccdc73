"""What a member's own settings change in every response they get."""

import zoneinfo

from django.utils import timezone

from accounts import online


class MemberTimeZoneMiddleware:
    """Show dates and times to a member in the time zone of their preferences.

    Pages shared between visitors (``forum.cache``) are only ever rendered for visitors, who
    have no preference, so they stay in the site's time; the per-post HTML cache keys on the
    time zone in force.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = getattr(request.user, "time_zone", "") if request.user.is_authenticated else ""
        if name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                # A name Python no longer knows (its tz database changed): the site's time.
                timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class OnlineMiddleware:
    """Note each member and visitor reading a page as online (``accounts.online``), at most
    once a minute. Only reading counts: a form sent by a visitor (a script, often) must leave
    nothing in the cache (tests/posts/test_thread_views_reply.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            online.record(request)
        return self.get_response(request)
