"""The moderator's tools on the thread page, and members' reports of posts.

The tools call the same services as the admin's actions, checked by the same rules.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from forum import permissions
from forum.moderation import services
from forum.moderation.forms import MoveThreadForm, ReportForm
from forum.posts.models import Post
from forum.threads.models import Thread

THREAD_ACTIONS = {
    "lock": (permissions.can_lock_thread, services.lock_thread, "Thread locked."),
    "unlock": (permissions.can_lock_thread, services.unlock_thread, "Thread unlocked."),
    "pin": (permissions.can_pin_thread, services.pin_thread, "Thread pinned."),
    "unpin": (permissions.can_pin_thread, services.unpin_thread, "Thread unpinned."),
    "hide": (permissions.can_hide_thread, services.hide_thread, "Thread hidden."),
    "restore": (permissions.can_hide_thread, services.restore_thread, "Thread restored."),
}


def _back(request, fallback):
    """Where to go after an action: the page it was taken on, if it is ours."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _thread_for(request, pk):
    thread = get_object_or_404(Thread.objects.select_related("board"), pk=pk)
    if not permissions.can_view_thread(request.user, thread):
        raise Http404("No such thread.")
    return thread


@require_POST
@login_required
def thread_action(request, pk, action):
    if action not in THREAD_ACTIONS:
        raise Http404("No such action.")
    rule, service, done = THREAD_ACTIONS[action]
    thread = _thread_for(request, pk)
    if not rule(request.user, thread):
        raise PermissionDenied("Only moderators can do this.")
    if service(thread=thread, moderator=request.user, reason=request.POST.get("reason", "")):
        messages.success(request, done)
    return redirect(_back(request, thread.get_absolute_url()))


@login_required
def move_thread(request, pk):
    thread = _thread_for(request, pk)
    if not permissions.can_move_thread(request.user, thread):
        raise PermissionDenied("Only moderators can move threads.")
    form = MoveThreadForm(request.POST or None, current_board=thread.board)
    if request.method == "POST" and form.is_valid():
        board = form.cleaned_data["board"]
        services.move_thread(
            thread=thread,
            board=board,
            moderator=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"Thread moved to {board.name}.")
        return redirect(thread.get_absolute_url())
    context = {"thread": thread, "board": thread.board, "form": form}
    return render(request, "moderation/move_thread.html", context)


@require_POST
@login_required
def restore_post(request, pk):
    # Hiding is the post's own action (posts:hide), which logs a moderator's hide the same way.
    post = get_object_or_404(Post.objects.select_related("thread__board"), pk=pk)
    if not permissions.can_view_post(request.user, post):
        raise Http404("No such post.")
    if not permissions.can_restore_post(request.user, post):
        raise PermissionDenied("Only moderators can do this.")
    if services.restore_post(
        post=post, moderator=request.user, reason=request.POST.get("reason", "")
    ):
        messages.success(request, "Post restored.")
    return redirect(_back(request, post.thread.get_position_url(post.position)))


@login_required
def report_post(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread__board", "author"), pk=pk)
    if not permissions.can_view_post(request.user, post):
        raise Http404("No such post.")
    if not permissions.can_report_post(request.user, post):
        raise PermissionDenied(
            permissions.why_cannot_participate(request.user) or "You cannot report this post."
        )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = services.report_post(
            post=post, reporter=request.user, reason=form.cleaned_data["reason"]
        )
        if report is None:
            messages.info(request, "You have reported this post already; moderators will see it.")
        else:
            messages.success(request, "Thank you: the moderators will look at this post.")
        return redirect(post.thread.get_position_url(post.position))
    context = {"post": post, "thread": post.thread, "board": post.thread.board, "form": form}
    return render(request, "moderation/report_post.html", context)
