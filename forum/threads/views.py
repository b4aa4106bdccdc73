"""The moderator's tools on the thread page: the one-click actions and moving a thread.

The actions come from ``forum.threads.actions``, the table the admin's actions use too, and
call the same services, checked by the same rules.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from forum import permissions
from forum.threads import services
from forum.threads.actions import THREAD_ACTIONS
from forum.threads.forms import HideThreadForm, MoveThreadForm
from forum.threads.models import Thread


def back_to(request, fallback):
    """Where to go after an action: the page it was taken on, if it is ours."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@login_required
def thread_action(request, pk, action):
    if action not in THREAD_ACTIONS:
        raise Http404("No such action.")
    action = THREAD_ACTIONS[action]
    thread = get_object_or_404(
        Thread.objects.visible_to(request.user).select_related("board"), pk=pk
    )
    if not action.allows(request.user, thread):
        raise PermissionDenied("Only moderators can do this.")
    if action.service(thread=thread, by=request.user, reason=request.POST.get("reason", "")):
        messages.success(request, f"Thread {action.done.lower()}.")
    return redirect(back_to(request, thread.get_absolute_url()))


@login_required
def move_thread(request, pk):
    thread = get_object_or_404(
        Thread.objects.visible_to(request.user).select_related("board"), pk=pk
    )
    if not permissions.can_move_threads(request.user):
        raise PermissionDenied("Only moderators can move threads.")
    form = MoveThreadForm(request.POST or None, current_board=thread.board)
    if request.method == "POST" and form.is_valid():
        board = form.cleaned_data["board"]
        services.move_thread(
            thread=thread, board=board, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"Thread moved to {board.name}.")
        return redirect(thread.get_absolute_url())
    context = {"thread": thread, "board": thread.board, "form": form}
    return render(request, "threads/move_thread.html", context)


@login_required
def hide_thread(request, pk):
    """Ask, with a reason for the log, then hide the thread (GET asks, POST hides)."""
    thread = get_object_or_404(
        Thread.objects.visible_to(request.user).select_related("board"), pk=pk
    )
    if not permissions.can_hide_threads(request.user):
        raise PermissionDenied("Only moderators can hide threads.")
    if thread.is_hidden:
        messages.info(request, "This thread is hidden already.")
        return redirect(thread.get_absolute_url())
    form = HideThreadForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.hide_thread(thread=thread, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, "Thread hidden.")
        return redirect(back_to(request, thread.get_absolute_url()))
    context = {"thread": thread, "board": thread.board, "form": form}
    return render(request, "threads/hide_thread.html", context)
