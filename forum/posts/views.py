from django.http import Http404
from django.shortcuts import get_object_or_404, redirect

from forum import permissions
from forum.posts.models import Post


def post_permalink(request, pk):
    post = get_object_or_404(Post.objects.select_related("thread__board"), pk=pk)
    if not permissions.can_view_post(request.user, post):
        raise Http404("No such post.")
    return redirect(post.thread.get_position_url(post.position))
