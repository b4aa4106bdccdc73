from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import online
from forum import permissions
from forum.boards.models import Board
from forum.cache import board_page_parts, shared_page
from forum.follow.services import mark_board_read, unwatch_board, watch_board
from forum.follow.unread import watching_board
from forum.paging import PageLinks, jump_links, nearest_page, page_count, requested_page


def index(request):
    def render_page():
        boards = Board.objects.for_index().with_unread(request.user)
        categories = [
            (category, list(category_boards))
            for category, category_boards in groupby(boards, key=lambda board: board.category)
        ]
        context = {"categories": categories, "online": online.counts()}
        return render(request, "boards/index.html", context)

    return shared_page(request, Board.objects.index_version, render_page)


def board_detail(request, slug):
    boards = Board.objects.select_related("category")
    if request.user.is_authenticated:
        # Read with the board: whether the member watches it (no query of its own).
        boards = boards.annotate(watching=watching_board(request.user))
    board = get_object_or_404(boards, slug=slug)
    asked = requested_page(request)
    # Through the board's ``threads`` relation: boards sit below the threads app and never
    # import it; the relation's manager has the threads' own QuerySet methods.
    threads = board.threads.visible_to(request.user).for_board_page().with_unread(request.user)
    # Members see the stored count; staff, who also see hidden threads, pay for a COUNT.
    total = threads.count() if permissions.can_view_hidden(request.user) else board.thread_count
    per_page = settings.FORUM_THREADS_PER_PAGE
    page = nearest_page(asked, page_count(total, per_page))
    if page != asked:
        return redirect(board.get_page_url(page))
    pages = PageLinks(page, page_count(total, per_page), board.get_page_url)
    start = (page - 1) * per_page

    def render_page():
        rows = list(threads[start : start + per_page])
        for thread in rows:
            # From the stored last_position: no query per row.
            thread.jump_pages = jump_links(thread.page_count, thread.get_page_url)
        context = {
            "board": board,
            "watching": getattr(board, "watching", False),
            "threads": rows,
            "pages": pages,
            "canonical_url": request.build_absolute_uri(board.get_page_url(page)),
        }
        return render(request, "boards/board_detail.html", context)

    return shared_page(request, board_page_parts(board, page), render_page)


@login_required
@require_POST
def board_watch(request, slug, watch):
    """Watch (or stop watching) a board: its new threads reach the member as alerts."""
    board = get_object_or_404(Board, slug=slug)
    if watch:
        watch_board(user=request.user, board=board)
        messages.success(request, f"You are watching {board.name}: you will hear of new threads.")
    else:
        unwatch_board(user=request.user, board=board)
        messages.success(request, f"You no longer watch {board.name}.")
    return redirect(board)


@login_required
@require_POST
def board_mark_read(request, slug):
    board = get_object_or_404(Board, slug=slug)
    mark_board_read(user=request.user, board=board)
    messages.success(request, f"Everything in {board.name} is marked read.")
    return redirect(board)
