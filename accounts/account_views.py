"""The account area: a member's own settings, one section per page (``accounts.sections``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import AvatarForm, PreferencesForm, ProfileForm
from accounts.models import User
from forum import permissions, ratelimit
from forum.ratelimit import Rate


@login_required
def account(request):
    return redirect("accounts:account_profile")


@login_required
def profile(request):
    member = request.user
    may_set_title = permissions.can_set_own_title(member)
    form = ProfileForm(
        request.POST or None, initial=ProfileForm.initial_for(member), may_set_title=may_set_title
    )
    if request.method == "POST" and form.is_valid():
        services.update_profile(member=member, by=request.user, **form.cleaned_data)
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:account_profile")
    return _profile_page(request, form=form, avatar_form=AvatarForm())


def _profile_page(request, *, form, avatar_form, status=200):
    context = {"form": form, "avatar_form": avatar_form, "section": "profile"}
    return render(request, "accounts/account/profile.html", context, status=status)


@login_required
@require_POST
def avatar(request):
    member = request.user
    allowed, wait = ratelimit.allow("avatar", member.pk, Rate.parse(settings.FORUM_AVATAR_RATE))
    refusal = (
        None if allowed else f"You are changing your avatar too often: try again in {wait} seconds."
    )
    avatar_form = AvatarForm(request.POST, request.FILES, refusal=refusal)
    if avatar_form.is_valid():
        services.set_avatar(member=member, by=request.user, files=avatar_form.avatar_files)
        messages.success(request, "Your new avatar is saved.")
        return redirect("accounts:account_profile")
    form = ProfileForm(
        initial=ProfileForm.initial_for(member),
        may_set_title=permissions.can_set_own_title(member),
    )
    return _profile_page(request, form=form, avatar_form=avatar_form, status=400)


@login_required
@require_POST
def remove_avatar(request):
    services.remove_avatar(member=request.user, by=request.user)
    messages.success(request, "Your avatar is removed; your initial shows instead.")
    return redirect("accounts:account_profile")


@login_required
def preferences(request):
    member = request.user
    form = PreferencesForm(request.POST or None, initial=PreferencesForm.initial_for(member))
    if request.method == "POST" and form.is_valid():
        services.set_preferences(member=member, by=request.user, **form.cleaned_data)
        messages.success(request, "Your preferences are saved.")
        return redirect("accounts:account_preferences")
    return render(
        request, "accounts/account/preferences.html", {"form": form, "section": "preferences"}
    )


@login_required
def ignoring(request):
    members = User.objects.filter(pk__in=request.user.ignoring or []).order_by("username")
    context = {"members": members, "section": "ignoring"}
    return render(request, "accounts/account/ignoring.html", context)


@login_required
@require_POST
def ignore(request, pk):
    """Ignore a member (``ignore=1``) or stop ignoring them (``ignore=0``)."""
    member = get_object_or_404(User, pk=pk)
    if request.POST.get("ignore") == "0":
        services.unignore_member(member=request.user, ignored=member)
        messages.success(request, f"You no longer ignore {member.username}.")
    else:
        if not permissions.can_ignore_member(request.user, member):
            raise PermissionDenied("You cannot ignore this member.")
        try:
            services.ignore_member(member=request.user, ignored=member)
        except services.IgnoreListFull as full:
            messages.error(request, str(full))
        else:
            messages.success(
                request,
                f"You now ignore {member.username}: their posts and messages are folded away, "
                "and they cannot start conversations with you.",
            )
    if request.POST.get("back") == "ignoring":
        return redirect("accounts:account_ignoring")
    return redirect(member)
