from allauth.account.adapter import DefaultAccountAdapter

from accounts.roles import Role
from accounts.services import set_member_role


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter with one hook: a new account is a member (role, group) from the start."""

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            set_member_role(user=user, role=Role.MEMBER)
        return user
