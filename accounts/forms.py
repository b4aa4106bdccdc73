import time

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core import signing

STARTED_SALT = "accounts.signup.started"
# A sign-up form older than this is sent again with a new stamp.
STARTED_MAX_AGE = 24 * 3600

TRAP_FILLED = (
    "Something filled in the field meant to stay empty (a program, or a browser's autofill), "
    "so nothing was sent. Please check the form and send it again."
)
TOO_FAST = (
    "That was quicker than a person fills in this form, so nothing was sent. "
    "Please check the form and send it again."
)
STALE = "This form was too old or damaged, so nothing was sent. Please send it again."


def signup_stamp(at=None):
    """The signed time the sign-up form was shown (now, unless ``at`` says otherwise)."""
    return signing.dumps(time.time() if at is None else at, salt=STARTED_SALT)


class LoginForm(AllauthLoginForm):
    """allauth's login form, its fields labelled in the forum's words (allauth says "Login")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email"
        if "remember" in self.fields:
            self.fields["remember"].label = "Remember me"


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with two checks against scripts, each refused with a message.

    A field people never see (``website``) that scripts fill in, and the signed time the form was
    shown: a person takes longer than ``FORUM_SIGNUP_MIN_SECONDS``. allauth's own honeypot
    (``ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD``) pretends to succeed and hides its field with a
    ``style`` attribute; a person whose autofill hit it would wait for a mail that never comes.
    """

    started = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    website.is_trap = True  # templates/allauth/elements/fields.html hides it

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = signup_stamp()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            self._refuse(TRAP_FILLED, website="")
            return cleaned_data
        try:
            age = time.time() - float(signing.loads(cleaned_data["started"], salt=STARTED_SALT))
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            age = None
        if age is None or age > STARTED_MAX_AGE:
            self._refuse(STALE, started=signup_stamp())
        elif age < settings.FORUM_SIGNUP_MIN_SECONDS:
            # The stamp stays: sent again by a person, a moment later, the form passes.
            self._refuse(TOO_FAST)
        return cleaned_data

    def _refuse(self, message, **replaced):
        self.add_error(None, message)
        if replaced:
            # What the page shows again: the trap emptied, or a fresh stamp.
            self.data = self.data.copy()
            for name, value in replaced.items():
                self.data[name] = value
