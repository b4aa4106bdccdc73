"""The member's alerts, their alert and mail preferences, unsubscribing from mails, and
"mark all read". Watch buttons and "mark board read" live with the pages they are on."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from forum import permissions
from forum.follow.forms import PreferencesForm
from forum.follow.mail import read_unsubscribe_token
from forum.follow.models import Alert, Kind, Preferences
from forum.follow.services import (
    follow_member,
    mark_alerts_read,
    mark_all_read,
    open_alert,
    save_preferences,
    unfollow_member,
    unsubscribe,
)
from forum.paging import PageLinks, nearest_page, page_count, requested_page


@login_required
def alert_list(request):
    alerts = Alert.objects.for_member(request.user)
    per_page = settings.FORUM_ALERTS_PER_PAGE
    pages_total = page_count(alerts.count(), per_page)
    asked = requested_page(request)
    page = nearest_page(asked, pages_total)
    if page != asked:
        return redirect(_alerts_page_url(page))
    start = (page - 1) * per_page
    rows = list(alerts.for_alerts_page()[start : start + per_page])
    context = {"alerts": rows, "pages": PageLinks(page, pages_total, _alerts_page_url)}
    return render(request, "follow/alert_list.html", context)


def _alerts_page_url(page):
    url = reverse("follow:alerts")
    return url if page <= 1 else f"{url}?page={page}"


@login_required
def open_alert_view(request, pk):
    """Opening an alert reads it and goes to what it is about."""
    alert = get_object_or_404(
        Alert.objects.for_member(request.user).select_related("thread", "post"), pk=pk
    )
    open_alert(alert=alert)
    if alert.post is not None and not alert.post.is_hidden:
        return redirect(alert.thread.get_position_url(alert.post.position))
    if not alert.thread.is_hidden:
        return redirect(alert.thread)
    return redirect("follow:alerts")


@login_required
@require_POST
def mark_alerts_read_view(request):
    mark_alerts_read(user=request.user)
    messages.success(request, "All your alerts are marked read.")
    return redirect("follow:alerts")


@login_required
@require_POST
def mark_all_read_view(request):
    mark_all_read(user=request.user)
    messages.success(request, "Everything in the forum is marked read.")
    return redirect("boards:index")


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=Preferences.for_member(request.user))
    if request.method == "POST" and form.is_valid():
        save_preferences(preferences=form.save(commit=False))
        messages.success(request, "Your alert preferences are saved.")
        return redirect("follow:preferences")
    return render(request, "follow/preferences.html", {"form": form})


# One-click unsubscribing (RFC 8058): a mail program POSTs to the link without a session or a
# CSRF token; the signed token is what proves the request comes from the member's mail.
@csrf_exempt
def unsubscribe_view(request, token):
    found = read_unsubscribe_token(token)
    member = None
    if found is not None:
        member = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if member is None:
        return render(request, "follow/unsubscribe.html", {"invalid": True}, status=400)
    kind = Kind(found[1])
    done = request.method == "POST"
    if done:
        unsubscribe(user=member, kind=kind)
    context = {"kind": kind, "done": done, "token": token}
    return render(request, "follow/unsubscribe.html", context)


@login_required
@require_POST
def follow_member_view(request, pk):
    """Follow a member (``follow=1``) or stop following them (``follow=0``), from their profile."""
    member = get_object_or_404(get_user_model(), pk=pk)
    if request.POST.get("follow") == "0":
        unfollow_member(by=request.user, member=member)
        messages.success(request, f"You no longer follow {member.username}.")
    else:
        if not permissions.can_follow_member(request.user, member):
            raise PermissionDenied("You cannot follow this member.")
        follow_member(by=request.user, member=member)
        messages.success(request, f"You now follow {member.username}.")
    return redirect(member)
