from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render

from forum.boards.models import Board
from forum.clients import client_address
from forum.paging import PageLinks, requested_page
from forum.ratelimit import Rate, allow
from forum.search import backend
from forum.search.forms import SearchForm
from forum.threads.models import Thread


def search(request):
    boards = Board.objects.select_related("category").order_by(
        "category__position", "position", "pk"
    )
    form = SearchForm(request.GET or None, boards=boards)
    results = pages = thread = None
    wait = 0  # seconds until a visitor or member over the rate limit may search again
    if form.is_bound and form.is_valid():
        if form.cleaned_data["thread"]:
            # Named on the page only when the viewer may read it; searching a thread one may
            # not read finds nothing anyway (the backend reads what ``user`` may see).
            thread = (
                Thread.objects.visible_to(request.user)
                .filter(pk=form.cleaned_data["thread"])
                .only("id", "title", "slug")
                .first()
            )
        allowed, seconds = allow("search", *_counted_as(request))
        if not allowed:
            wait = seconds
        else:
            try:
                results = backend.search(
                    form.cleaned_data["q"],
                    user=request.user,
                    filters=form.filters(),
                    page=requested_page(request) or 1,
                )
            except backend.Refused as refused:
                form.add_error("q", refused.message)
    if results is not None:
        pages = PageLinks(results.number, results.pages, _page_url(request))
    context = {
        "form": form,
        "results": results,
        "pages": pages,
        "thread": thread,
        "wait": wait,
    }
    return render(request, "search/search.html", context, status=429 if wait else 200)


def _counted_as(request):
    """``(who, rate)``: members by their account, visitors by their address."""
    if request.user.is_authenticated:
        return f"member:{request.user.pk}", Rate.parse(settings.FORUM_SEARCH_MEMBER_RATE)
    return f"address:{client_address(request)}", Rate.parse(settings.FORUM_SEARCH_VISITOR_RATE)


def _page_url(request):
    params = [(key, value) for key, value in request.GET.items() if key != "page"]

    def url_for(number):
        query = params + ([("page", number)] if number > 1 else [])
        return f"{request.path}?{urlencode(query)}"

    return url_for
