from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.utils.encoding import force_str

from accounts.roles import Role
from accounts.services import set_member_role


@dataclass(frozen=True)
class ForumSite:
    """What allauth's mails call ``current_site``: the forum's name and the host it was asked at."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter: a new account is a member from the start; mails speak for the forum."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            set_member_role(user=user, role=Role.MEMBER)
        return user

    def format_email_subject(self, subject):
        return f"[{settings.FORUM_NAME}] {force_str(subject)}"

    def send_mail(self, template_prefix, email, context_):
        # Without django.contrib.sites, allauth names the site after the request's host
        # ("Hello from 127.0.0.1:8000!"). The host stays the domain the mail gives: it is the
        # one the member used, so the links in the mail lead back to it.
        request = context.request
        site = ForumSite(name=settings.FORUM_NAME, domain=request.get_host() if request else "")
        super().send_mail(template_prefix, email, {"current_site": site, **context_})

    def get_reauthentication_methods(self, user):
        methods = super().get_reauthentication_methods(user)
        for method in methods:
            if method["id"] == "reauthenticate_by_code":
                method["description"] = "Email me a one-time code instead"  # not "sign-in code"
        return methods
