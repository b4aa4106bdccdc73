"""The member's own data, from their account: download it, or delete the account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from forum import ratelimit
from forum.posts.forms import DeleteAccountForm
from forum.posts.members import delete_member, export_member_json

# Building an archive reads every post of the member: a few a day is plenty.
EXPORT_RATE = ratelimit.Rate(5, 3600)
# Wrong passwords typed to delete an account, per member.
DELETE_RATE = ratelimit.Rate(5, 300)


@login_required
def export_data(request):
    """GET explains; POST sends the JSON archive as a download."""
    if request.method != "POST":
        return render(request, "posts/account_export.html")
    allowed, wait = ratelimit.allow("export", request.user.pk, EXPORT_RATE)
    if not allowed:
        context = {
            "error": f"You have downloaded your data often lately: try again in {wait} seconds."
        }
        return render(request, "posts/account_export.html", context, status=429)
    archive = export_member_json(request.user)
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(archive, content_type="application/json")
    name = f"{request.user.pk}-{stamp}.json"
    response["Content-Disposition"] = f'attachment; filename="forum-data-{name}"'
    return response


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
