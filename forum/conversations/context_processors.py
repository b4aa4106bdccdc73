def conversations(request):
    """The member's count of unread conversations for the header: stored on their own row
    (kept by the services), so no query. Visitors have none, and the pages shared between
    visitors (forum.cache) are never a member's."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_conversation_count": user.unread_conversations}
