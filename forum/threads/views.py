from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from forum import permissions
from forum.cache import author_panels, shared_page, thread_page_parts
from forum.paging import PageLinks, requested_page
from forum.posts.models import Post
from forum.threads.models import Thread


def get_readable_thread(request, pk):
    """The thread ``pk`` if the visitor may read it; hidden threads 404 rather than leak."""
    thread = get_object_or_404(Thread.objects.select_related("board__category", "starter"), pk=pk)
    if not permissions.can_view_thread(request.user, thread):
        raise Http404("No such thread.")
    return thread


def thread_detail(request, slug, pk):
    thread = get_readable_thread(request, pk)
    page = requested_page(request)
    if slug != thread.slug:
        return redirect(thread.get_page_url(page), permanent=True)
    pages = PageLinks(page, thread.page_count, thread.get_page_url)
    if page > pages.count:
        raise Http404("No such page.")

    def render_page():
        posts = list(Post.objects.for_thread_page(thread, page, request.user))
        context = {
            "thread": thread,
            "board": thread.board,
            "posts": posts,
            "pages": pages,
            "author_panels": author_panels({post.author for post in posts}),
        }
        return render(request, "threads/thread_detail.html", context)

    return shared_page(request, thread_page_parts(thread, page), render_page)


def post_at_position(request, pk, position, slug=None):
    """Send a link to post number ``position`` of a thread to the page that shows it."""
    thread = get_readable_thread(request, pk)
    if not 1 <= position <= thread.last_position:
        raise Http404("No such post.")
    return redirect(thread.get_position_url(position))
