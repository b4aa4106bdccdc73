def alerts(request):
    """The header's count of unread alerts, for members only: a visitor's page holds nothing
    of its own, so the shared page cache (``forum.cache``) keeps serving it. Stored on the
    member's own row (``forum.follow.counters``): no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_alert_count": user.unread_alerts}
