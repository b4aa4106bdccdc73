from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render

from accounts.models import User
from forum.posts.models import Post


def profile(request, slug, pk):
    member = get_object_or_404(User, pk=pk)
    if slug != member.slug:
        return redirect(member, permanent=True)
    recent_posts = Post.objects.recent_by(member, request.user, settings.FORUM_PROFILE_RECENT_POSTS)
    return render(
        request, "accounts/profile.html", {"member": member, "recent_posts": recent_posts}
    )
