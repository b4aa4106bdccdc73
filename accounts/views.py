from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render

from accounts.models import User
from forum.cache import profile_parts, shared_page
from forum.posts.models import Post


def profile(request, slug, pk):
    member = get_object_or_404(User, pk=pk)
    if slug != member.slug:
        return redirect(member, permanent=True)
    recent_posts = list(
        Post.objects.recent_by(member, request.user, settings.FORUM_PROFILE_RECENT_POSTS)
    )

    def render_page():
        context = {"member": member, "recent_posts": recent_posts}
        return render(request, "accounts/profile.html", context)

    return shared_page(request, profile_parts(member, recent_posts), render_page)
