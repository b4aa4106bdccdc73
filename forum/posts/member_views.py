"""Deleting one's account (the data's download is forum.memberdata's)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from forum import ratelimit
from forum.posts.forms import DeleteAccountForm
from forum.posts.members import delete_member

# Wrong passwords typed to delete an account, per member.
DELETE_RATE = ratelimit.Rate(5, 300)


@login_required
def delete_account(request):
    """Ask for the password, then delete the account (``forum.posts.members.delete_member``)."""
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST":
        allowed, wait = ratelimit.allow("delete-account", request.user.pk, DELETE_RATE)
        if not allowed:
            form.add_error("password", f"Too many attempts: try again in {wait} seconds.")
        elif form.is_valid():
            delete_member(member=request.user, by=request.user)
            logout(request)
            messages.success(request, "Your account has been deleted. Goodbye.")
            return redirect("/")
    posts_hidden = settings.FORUM_DELETED_MEMBER_POSTS == "hide"
    return render(
        request, "posts/account_delete.html", {"form": form, "posts_hidden": posts_hidden}
    )
