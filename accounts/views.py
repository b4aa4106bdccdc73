from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from accounts import online
from accounts.models import User
from accounts.querysets import MEMBER_ORDERS
from forum.cache import profile_parts, shared_page
from forum.paging import PageLinks, nearest_page, page_count, requested_page

DEFAULT_ORDER = "messages"


def profile(request, slug, pk):
    if request.user.is_authenticated and request.user.pk == pk:
        # A member's own profile: their row is read already, for the request.
        member = request.user
    else:
        member = get_object_or_404(User, pk=pk)
    if slug != member.slug:
        return redirect(member, permanent=True)
    # Through the member's ``posts`` relation: accounts sits below the posts app and never
    # imports it; the relation's manager has the posts' own QuerySet methods.
    recent_posts = member.posts.recent_for(request.user, settings.FORUM_PROFILE_RECENT_POSTS)

    def render_page():
        context = {"member": member, "recent_posts": recent_posts}
        return render(request, "accounts/profile.html", context)

    def key_parts():
        # Which posts are listed and their threads' versions: a fraction of the posts' cost.
        listed = recent_posts.values_list("pk", "thread__version", "thread__board__name")
        return profile_parts(member, listed)

    return shared_page(request, key_parts, render_page)


def _member_list_url(base, *, order, name, page=1):
    query = {}
    if order != DEFAULT_ORDER:
        query["order"] = order
    if name:
        query["name"] = name
    if page > 1:
        query["page"] = page
    return f"{base}?{urlencode(query)}" if query else base


def member_list(request, staff=False):
    """Every member (or the staff), paged, in the order asked, optionally by name prefix."""
    order = request.GET.get("order", DEFAULT_ORDER)
    if order not in MEMBER_ORDERS:
        order = DEFAULT_ORDER
    name = request.GET.get("name", "").strip()[:150]
    members = User.objects.listed(order=order, name_prefix=name, staff=staff)
    base = reverse("accounts:staff" if staff else "accounts:members")
    per_page = settings.FORUM_MEMBERS_PER_PAGE
    total = members.count()
    asked = requested_page(request)
    page = nearest_page(asked, page_count(total, per_page))
    if page != asked:
        return redirect(_member_list_url(base, order=order, name=name, page=page))
    start = (page - 1) * per_page
    context = {
        "members": list(members[start : start + per_page]),
        "total": total,
        "tab": "staff" if staff else "members",
        "name": name,
        "order": order,
        "orders": [
            (key, label, _member_list_url(base, order=key, name=name))
            for key, (label, _) in MEMBER_ORDERS.items()
        ],
        "pages": PageLinks(
            page,
            page_count(total, per_page),
            lambda number: _member_list_url(base, order=order, name=name, page=number),
        ),
    }
    return render(request, "accounts/member_list.html", context)


def online_list(request):
    """Members seen lately (those who show their status, by name; the others counted) and the
    number of visitors."""
    ids = online.member_ids()
    shown = User.objects.filter(
        pk__in=ids[: settings.FORUM_ONLINE_LIST_MAX], show_online=True, is_active=True
    )
    by_id = {member.pk: member for member in shown}
    members = [by_id[pk] for pk in ids if pk in by_id]
    context = {
        "members": members,
        "hidden": len(ids) - len(members),
        "member_count": len(ids),
        "visitor_count": online.visitor_count(),
        "minutes": settings.FORUM_ONLINE_MINUTES,
        "tab": "online",
    }
    return render(request, "accounts/online_list.html", context)
