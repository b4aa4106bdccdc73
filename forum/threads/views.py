from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from forum import permissions
from forum.paging import PageLinks, requested_page
from forum.posts.models import Post
from forum.threads.models import Thread, ThreadRedirect


def follow_merged_threads(view):
    """Send the links of a thread merged into another to where its posts are now.

    Asked only when the view finds no thread, so reading a live thread costs nothing more.
    """

    @wraps(view)
    def wrapper(request, *args, pk, **kwargs):
        try:
            return view(request, *args, pk=pk, **kwargs)
        except Http404:
            moved = ThreadRedirect.objects.select_related("target").filter(old_thread_id=pk).first()
            if moved is None:
                raise
        post_id = moved.posts.get(str(kwargs.get("position")))
        if post_id is not None:
            return redirect(reverse("posts:permalink", kwargs={"pk": post_id}), permanent=True)
        return redirect(moved.target, permanent=True)

    return wrapper


def get_readable_thread(request, pk):
    """The thread ``pk`` if the visitor may read it; hidden threads 404 rather than leak."""
    thread = get_object_or_404(Thread.objects.select_related("board__category", "starter"), pk=pk)
    if not permissions.can_view_thread(request.user, thread):
        raise Http404("No such thread.")
    return thread


@follow_merged_threads
def thread_detail(request, slug, pk):
    thread = get_readable_thread(request, pk)
    page = requested_page(request)
    if slug != thread.slug:
        return redirect(thread.get_page_url(page), permanent=True)
    pages = PageLinks(page, thread.page_count, thread.get_page_url)
    if page > pages.count:
        raise Http404("No such page.")
    posts = Post.objects.for_thread_page(thread, page, request.user)
    context = {"thread": thread, "board": thread.board, "posts": posts, "pages": pages}
    return render(request, "threads/thread_detail.html", context)


@follow_merged_threads
def post_at_position(request, pk, position, slug=None):
    """Send a link to post number ``position`` of a thread to the page that shows it."""
    thread = get_readable_thread(request, pk)
    if not 1 <= position <= thread.last_position:
        raise Http404("No such post.")
    return redirect(thread.get_position_url(position))
