import logging
import smtplib
from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.encoding import force_str

from accounts.roles import Role
from accounts.services import set_member_role
from forum.cache import shared_cache_available
from forum.clients import client_address

logger = logging.getLogger(__name__)

# What a mail server that is down or refuses a message raises (refused connection, timeout,
# a 4xx/5xx answer): the account is made, only the mail is late.
MAIL_ERRORS = (smtplib.SMTPException, OSError)


@dataclass(frozen=True)
class ForumSite:
    """What allauth's mails call ``current_site``: the forum's name and the host it was asked at."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter: members from the start, limits per real address, mail in the forum's
    name that may fail."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": (
            "Too many wrong passwords. Try again later, or log in with a code sent to your "
            "email address (“Email me a code to log in” below)."
        ),
        "login_paused": (
            "Logging in is paused for a moment while the forum cannot count attempts. "
            "Please try again in a minute; if you are logged in already, nothing changes."
        ),
    }

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            set_member_role(user=user, role=Role.MEMBER)
        return user

    def get_client_ip(self, request):
        # allauth asks here for every limit it counts per address.
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine the client's address.")
        return address

    def pre_authenticate(self, request, **credentials):
        # The limits below are counted in the shared cache: with it away they would let
        # every guess through, so logins are refused until it is back (fail closed).
        if not shared_cache_available():
            raise self.validation_error("login_paused")
        for action, key in _failed_login_keys(request, credentials):
            if not ratelimit.consume(request, action=action, key=key, dry_run=True):
                raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials):
        for action, key in _failed_login_keys(request, credentials):
            ratelimit.consume(request, action=action, key=key)

    def format_email_subject(self, subject):
        return f"[{settings.FORUM_NAME}] {force_str(subject)}"

    def send_mail(self, template_prefix, email, context):
        """Send in the forum's name, or tell the member the mail is late: a mail server down
        is no reason for a 500."""
        # Without django.contrib.sites, allauth names the site after the request's host
        # ("Hello from 127.0.0.1:8000!"). The host stays the domain the mail gives: it is the
        # one the member used, so the links in the mail lead back to it.
        request = allauth_context.request
        site = ForumSite(name=settings.FORUM_NAME, domain=request.get_host() if request else "")
        try:
            super().send_mail(template_prefix, email, {"current_site": site, **context})
        except MAIL_ERRORS:
            logger.exception("Could not send %s to %s", template_prefix, email)
            self._tell_mail_failed(template_prefix, email)

    def _tell_mail_failed(self, template_prefix, email):
        request = allauth_context.request
        if "email_confirmation" in template_prefix:
            # Let the next login (which sends the confirmation again) send it at once.
            ratelimit.clear(request, action="confirm_email", key=email.lower())
            text = (
                f"Your account is made, but the mail to confirm {email} could not be sent "
                "just now. Log in with your username and password in a few minutes and we "
                "will send it again."
            )
        else:
            text = f"The mail to {email} could not be sent just now. Please try again later."
        messages.error(request, text)

    def get_reauthentication_methods(self, user):
        methods = super().get_reauthentication_methods(user)
        for method in methods:
            if method["id"] == "reauthenticate_by_code":
                method["description"] = "Email me a one-time code instead"  # not "sign-in code"
        return methods


def _failed_login_keys(request, credentials):
    """The limits a wrong password counts against, besides allauth's own per address.

    Per account *and* address, so a stranger's guesses never lock a member out; per account,
    with a higher ceiling, so many addresses together still cannot guess on. Rates are in
    ``ACCOUNT_RATE_LIMITS``.
    """
    login = (credentials.get("email") or credentials.get("username") or "").lower()
    return [
        ("login_failed_address_account", f"{login} from {client_address(request)}"),
        ("login_failed_account", login),
    ]
