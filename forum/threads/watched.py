"""The member's "Watched" pages, in their account area: the threads and the boards they watch,
each with a "Stop watching" button, as XenForo's "Watched threads" and "Watched forums".

The watches are forum.follow's rows and its services write them; the pages live here because
listing them reads threads and boards, which the follow app below cannot.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from forum.boards.models import Board
from forum.follow.models import Kind, Preferences
from forum.follow.services import unwatch_all_threads, unwatch_board, unwatch_thread
from forum.paging import PageLinks, nearest_page, page_count, requested_page
from forum.threads.models import Thread
from forum.threads.views import back_to


@login_required
def watched_threads(request):
    threads = Thread.objects.visible_to(request.user).watched_by(request.user)
    per_page = settings.FORUM_THREADS_PER_PAGE
    total = threads.count()
    pages_total = page_count(total, per_page)
    asked = requested_page(request)
    page = nearest_page(asked, pages_total)
    if page != asked:
        return redirect(_page_url(page))
    start = (page - 1) * per_page
    context = {
        "tab": "threads",
        "threads": list(threads[start : start + per_page]),
        "total": total,
        "pages": PageLinks(page, pages_total, _page_url),
        "hearing": _hearing(request.user, Kind.REPLY),
    }
    return render(request, "threads/watched_threads.html", context)


def _page_url(page):
    url = reverse("threads:watched")
    return url if page <= 1 else f"{url}?page={page}"


@login_required
def watched_boards(request):
    boards = Board.objects.watched_by(request.user).with_unread(request.user)
    context = {
        "tab": "boards",
        "boards": list(boards),
        "hearing": _hearing(request.user, Kind.THREAD),
    }
    return render(request, "threads/watched_boards.html", context)


def _hearing(user, kind):
    """How ``user`` hears of what their watches bring: "mail" (alerts and mail), "alerts", or
    "" (they turned those alerts off). Watches carry no choice of their own: the member's
    preferences decide, for every watch alike."""
    preferences = Preferences.for_member(user)
    if preferences.mails(kind):
        return "mail"
    return "alerts" if preferences.alerts(kind) else ""


@login_required
@require_POST
def stop_watching_thread(request, pk):
    thread = get_object_or_404(Thread.objects.visible_to(request.user), pk=pk)
    unwatch_thread(user=request.user, thread=thread)
    messages.success(request, f"You no longer watch “{thread.title}”.")
    return redirect(back_to(request, reverse("threads:watched")))


@login_required
def stop_watching_all_threads(request):
    """Ask first (GET), then stop watching every thread (POST)."""
    if request.method == "POST":
        unwatch_all_threads(user=request.user)
        messages.success(request, "You no longer watch any thread.")
        return redirect("threads:watched")
    total = Thread.objects.visible_to(request.user).watched_by(request.user).count()
    if not total:
        return redirect("threads:watched")
    return render(request, "threads/watched_stop_all.html", {"tab": "threads", "total": total})


@login_required
@require_POST
def stop_watching_board(request, pk):
    board = get_object_or_404(Board, pk=pk)
    unwatch_board(user=request.user, board=board)
    messages.success(request, f"You no longer watch {board.name}.")
    return redirect("threads:watched_boards")
