from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render

from accounts.models import User
from forum.cache import profile_parts, shared_page


def profile(request, slug, pk):
    member = get_object_or_404(User, pk=pk)
    if slug != member.slug:
        return redirect(member, permanent=True)
    # Through the member's ``posts`` relation: accounts sits below the posts app and never
    # imports it; the relation's manager has the posts' own QuerySet methods.
    recent_posts = member.posts.recent_for(request.user, settings.FORUM_PROFILE_RECENT_POSTS)

    def render_page():
        context = {"member": member, "recent_posts": recent_posts}
        return render(request, "accounts/profile.html", context)

    def key_parts():
        # Which posts are listed and their threads' versions: a fraction of the posts' cost.
        listed = recent_posts.values_list("pk", "thread__version", "thread__board__name")
        return profile_parts(member, listed)

    return shared_page(request, key_parts, render_page)
