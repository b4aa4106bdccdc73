from forum.follow.models import Alert


def alerts(request):
    """The header's count of unread alerts, for members only: a visitor's page holds nothing
    of its own, so the shared page cache (``forum.cache``) keeps serving it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        # Asked only by a page that prints it (base.html, once).
        return Alert.objects.for_member(user).unread().count()

    return {"unread_alert_count": count}
