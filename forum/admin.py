"""The forum's admin site: Django's admin, entered only through the site's own login."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from forum import permissions


class ForumAdminSite(admin.AdminSite):
    site_header = f"{settings.FORUM_NAME} administration"
    site_title = f"{settings.FORUM_NAME} admin"
    index_title = "Moderator's desk"
    # The desk's lists are wide (a thread row has nine columns); the sidebar would squeeze them.
    enable_nav_sidebar = False

    def has_permission(self, request):
        return permissions.can_reach_admin(request.user)

    def index(self, request, extra_context=None):
        # Administrators run the whole site from here; moderators see their desk only.
        title = (
            "Site administration"
            if permissions.can_manage_accounts(request.user)
            else self.index_title
        )
        return super().index(request, {"title": title, **(extra_context or {})})

    def login(self, request, extra_context=None):
        """Send every login to allauth's, which rate-limits failed attempts.

        Django's own admin login form would be a second door for guessing passwords, with no
        limit; this view never reads a password.
        """
        index = reverse("admin:index", current_app=self.name)
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect(index)
            # Logged in but not allowed in: sending them to log in again would loop.
            raise PermissionDenied
        next_url = request.GET.get("next") or index
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")

    def password_change(self, request, extra_context=None):
        """Passwords change on the site, under allauth's rate limit, like every login."""
        return redirect("account_change_password")
