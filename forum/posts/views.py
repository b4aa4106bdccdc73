"""What members do with one post: its permalink, edit, hide and restore, like, quote, report,
its history, and the preview of a text."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from forum import permissions, ratelimit
from forum.jinja2 import render_fragment
from forum.markup import render_post_body
from forum.moderation.forms import ReportForm
from forum.moderation.services import report_post
from forum.posts.forms import EditPostForm, PostBodyField
from forum.posts.likes import attach_like_summaries
from forum.posts.models import Post
from forum.posts.quoting import quote_markup
from forum.posts.services import (
    EditConflict,
    FloodControl,
    edit_post,
    hide_post,
    like_post,
    restore_post,
    unlike_post,
)
from forum.threads.views import back_to


def get_readable_post(request, pk):
    """The post ``pk`` with its thread and board, if the visitor may read it (else 404)."""
    posts = Post.objects.visible_to(request.user)
    return get_object_or_404(posts.select_related("thread__board__category", "author"), pk=pk)


def preview(request, body):
    """``(html, refusal)``: the preview of ``body`` for the member, or a refusal when they
    preview more often than ``FORUM_PREVIEW_RATE`` allows (rendering is the costly part)."""
    allowed, wait = ratelimit.allow("preview", request.user.pk, ratelimit.preview_rate())
    if not allowed:
        return None, f"You are previewing too often: try again in {wait} seconds."
    return render_post_body(body), None


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def post_permalink(request, pk):
    post = get_object_or_404(Post.objects.visible_to(request.user).select_related("thread"), pk=pk)
    return redirect(post.thread.get_position_url(post.position))


@login_required
def post_edit(request, pk):
    post = get_readable_post(request, pk)
    refusal = permissions.why_cannot_edit_post(request.user, post)
    if request.method != "POST":
        if refusal:
            raise PermissionDenied(refusal)
        form = EditPostForm(initial={"body": post.body, "revision": post.revision})
        return _render_edit(request, post, form)

    form = EditPostForm(request.POST)
    if refusal:
        form.add_error("body", refusal)
    if not form.is_valid():
        return _render_edit(request, post, form)
    data = form.cleaned_data
    if "preview" in request.POST:
        html, refusal = preview(request, data["body"])
        if refusal:
            form.add_error("body", refusal)
        return _render_edit(request, post, form, preview=html)
    allowed, wait = ratelimit.allow("edit", request.user.pk, ratelimit.edit_rate())
    if not allowed:
        form.add_error("body", f"You are editing too often: try again in {wait} seconds.")
        return _render_edit(request, post, form)
    try:
        edit_post(
            post=post,
            by=request.user,
            body=data["body"],
            expected_revision=data["revision"],
            check_flood=not permissions.is_flood_exempt(request.user),
        )
    except FloodControl as refused:
        form.add_error("body", str(refused))
        return _render_edit(request, post, form)
    except EditConflict as conflict:
        # Refused, never merged silently: the member's text stays in the box, the version
        # saved meanwhile is shown beside it, and the form now carries that version's number
        # so that saving again (after merging by hand) replaces it knowingly.
        newer = conflict.post
        newer.thread = post.thread
        rebound = request.POST.copy()
        rebound["revision"] = newer.revision
        form = EditPostForm(rebound)
        form.is_valid()
        editor = newer.edited_by or newer.author
        form.add_error(
            "body",
            f"{editor.username} saved a newer version of this post while you were editing. "
            "It is shown above; your text is still in the box. Merge the two and save again.",
        )
        return _render_edit(request, newer, form, conflict=newer)
    return redirect(post.thread.get_position_url(post.position))


def _render_edit(request, post, form, *, preview=None, conflict=None):
    context = {
        "post": post,
        "thread": post.thread,
        "board": post.thread.board,
        "form": form,
        "preview": preview,
        "conflict": conflict,
    }
    return render(request, "posts/post_form.html", context)


@login_required
def post_hide(request, pk):
    """Ask, then hide the post (GET shows the question, POST hides)."""
    post = get_readable_post(request, pk)
    refusal = permissions.why_cannot_hide_post(request.user, post)
    if refusal:
        raise PermissionDenied(refusal)
    if request.method == "POST":
        hide_post(post=post, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, f"Post #{post.position} has been hidden.")
        return redirect(post.thread.get_page_url(post.thread.page_of_position(post.position)))
    context = {
        "post": post,
        "thread": post.thread,
        "board": post.thread.board,
        # A moderator hiding someone else's post gives the log a reason; a member hiding their
        # own is not asked.
        "asks_reason": permissions.is_moderation(request.user, post.author_id),
    }
    return render(request, "posts/post_hide.html", context)


@require_POST
@login_required
def post_restore(request, pk):
    post = get_readable_post(request, pk)
    if not permissions.can_restore_post(request.user, post):
        raise PermissionDenied("Only moderators can do this.")
    if restore_post(post=post, by=request.user, reason=request.POST.get("reason", "")):
        messages.success(request, "Post restored.")
    return redirect(back_to(request, post.thread.get_position_url(post.position)))


@login_required
def post_report(request, pk):
    post = get_readable_post(request, pk)
    refusal = permissions.why_cannot_report_post(request.user, post)
    if refusal:
        raise PermissionDenied(refusal)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = report_post(post=post, reporter=request.user, reason=form.cleaned_data["reason"])
        if report is None:
            messages.info(request, "You have reported this post already; moderators will see it.")
        else:
            messages.success(request, "Thank you: the moderators will look at this post.")
        return redirect(post.thread.get_position_url(post.position))
    context = {"post": post, "thread": post.thread, "board": post.thread.board, "form": form}
    return render(request, "posts/report_post.html", context)


@login_required
@require_POST
def post_like(request, pk, like):
    """Like (``like=True``) or take back a like; JSON for forum.js, a redirect for a plain form."""
    post = get_readable_post(request, pk)
    reason = permissions.why_cannot_like_post(request.user, post)
    if reason:
        if wants_json(request):
            return JsonResponse({"error": reason}, status=403)
        raise PermissionDenied(reason)
    if like:
        like_post(post=post, user=request.user)
    else:
        unlike_post(post=post, user=request.user)
    if not wants_json(request):
        return redirect(post.thread.get_position_url(post.position))
    fresh = (
        Post.objects.filter(pk=post.pk).select_related("author").with_liked_by(request.user).get()
    )
    fresh.thread = post.thread
    attach_like_summaries([fresh], request.user)
    return JsonResponse(
        {
            "liked": fresh.liked_by_viewer,
            "like_count": fresh.like_count,
            "summary_html": render_fragment("posts/_like_summary.html", {"post": fresh}),
            "author_id": fresh.author_id,
            "author_likes_received": fresh.author.total_likes_received,
        }
    )


@login_required
def post_quote(request, pk):
    """The markup that quotes a post, for forum.js to put in the reply box."""
    post = get_readable_post(request, pk)
    if not permissions.can_quote_post(request.user, post):
        return JsonResponse({"error": "You cannot quote this post here."}, status=403)
    return JsonResponse({"markup": quote_markup(post)})


@login_required
@require_POST
def post_preview(request):
    """The HTML a text would make, for forum.js's inline preview (nothing is stored)."""
    if not permissions.can_participate(request.user):
        reason = permissions.why_cannot_participate(request.user)
        return JsonResponse({"error": reason}, status=403)
    try:
        body = PostBodyField().clean(request.POST.get("body", ""))
    except ValidationError as invalid:
        return JsonResponse({"error": " ".join(invalid.messages)}, status=400)
    html, refusal = preview(request, body)
    if refusal:
        return JsonResponse({"error": refusal}, status=429)
    return JsonResponse({"html": html})


@login_required
def post_history(request, pk):
    """Every version of a post, newest first (moderators)."""
    post = get_readable_post(request, pk)
    if not permissions.can_view_post_history(request.user, post):
        raise PermissionDenied("Only moderators can see a post's earlier versions.")
    revisions = post.revisions.select_related("written_by", "replaced_by").order_by("-number")
    context = {
        "post": post,
        "thread": post.thread,
        "board": post.thread.board,
        "revisions": revisions,
    }
    return render(request, "posts/post_history.html", context)
