"""The member's "New posts" page: every thread with posts they have not read, latest first."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from forum.paging import PageLinks, nearest_page, page_count, requested_page
from forum.threads.models import Thread


@login_required
def new_posts(request):
    threads = Thread.objects.visible_to(request.user).unread_by(request.user)
    per_page = settings.FORUM_THREADS_PER_PAGE
    total_pages = page_count(threads.count(), per_page)
    asked = requested_page(request)
    page = nearest_page(asked, total_pages)
    if page != asked:
        return redirect(_page_url(page))
    start = (page - 1) * per_page
    context = {
        "threads": list(threads[start : start + per_page]),
        "pages": PageLinks(page, total_pages, _page_url),
    }
    return render(request, "threads/new_posts.html", context)


def _page_url(page):
    url = reverse("threads:new_posts")
    return url if page <= 1 else f"{url}?page={page}"
