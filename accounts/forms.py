import time

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core import signing

from accounts.models import ConversationsFrom

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


# ---- The account area ------------------------------------------------------------------------
# Plain forms (not ModelForms): they validate what was typed and never touch the member, whose
# row only accounts.services writes.


class ProfileForm(forms.Form):
    location = forms.CharField(max_length=100, required=False)
    website = forms.URLField(
        max_length=200, required=False, assume_scheme="https", help_text="An address on the web."
    )
    about = forms.CharField(
        label="About you", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    signature = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown under each of your posts. The forum's markup, without headings.",
    )
    title = forms.CharField(
        label="Custom title",
        max_length=50,
        required=False,
        help_text="Shown under your name instead of your role's name; empty: your role's.",
    )

    def __init__(self, *args, may_set_title, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_set_title:
            del self.fields["title"]
        self.fields["signature"].help_text += (
            f" At most {settings.FORUM_SIGNATURE_MAX_LENGTH} characters and "
            f"{settings.FORUM_SIGNATURE_MAX_LINKS} links."
        )

    @classmethod
    def initial_for(cls, member):
        return {
            name: getattr(member, name)
            for name in ("location", "website", "about", "signature", "title")
        }

    def clean_signature(self):
        from forum.markup import signature_error

        signature = self.cleaned_data["signature"].strip()
        error = signature_error(signature)
        if error:
            raise forms.ValidationError(error)
        return signature


class AvatarForm(forms.Form):
    avatar = forms.FileField(
        label="New avatar",
        help_text="A PNG, JPEG, GIF or WebP picture; it is cropped to a centred square.",
    )

    def __init__(self, *args, refusal=None, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.avatars import megabytes

        self.refusal = refusal
        limit = megabytes(settings.FORUM_AVATAR_MAX_BYTES)
        self.fields["avatar"].help_text += f" At most {limit}."
        self.fields["avatar"].widget.attrs["accept"] = "image/png,image/jpeg,image/gif,image/webp"

    def clean_avatar(self):
        from accounts.avatars import AvatarError, make_avatar_files

        if self.refusal:
            # Decoding is the costly part: refused before it.
            raise forms.ValidationError(self.refusal)
        try:
            self.avatar_files = make_avatar_files(self.cleaned_data["avatar"])
        except AvatarError as error:
            raise forms.ValidationError(str(error)) from None
        return self.cleaned_data["avatar"]


def _time_zone_choices():
    import zoneinfo

    names = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
    return [("", f"The forum's time ({settings.TIME_ZONE})"), *((name, name) for name in names)]


class PreferencesForm(forms.Form):
    time_zone = forms.ChoiceField(
        choices=_time_zone_choices,
        required=False,
        help_text="Dates and times are shown to you in this time zone.",
    )
    show_online = forms.BooleanField(
        label="Show me in the list of who is online",
        required=False,
        help_text="Hidden, you are still counted, but not named.",
    )
    hide_signatures = forms.BooleanField(label="Hide everyone's signatures", required=False)
    conversations_from = forms.ChoiceField(
        label="Who may start conversations with me",
        choices=ConversationsFrom.choices,
        # Left out (an older form): the choice stays as it was.
        required=False,
        help_text="Conversations you are in already go on whatever you choose here.",
    )

    conversation_mail = forms.BooleanField(
        label="Mail me each new conversation message", required=False
    )

    @classmethod
    def initial_for(cls, member):
        return {
            "time_zone": member.time_zone,
            "show_online": member.show_online,
            "hide_signatures": member.hide_signatures,
            "conversations_from": member.conversations_from,
            "conversation_mail": member.conversation_mail,
        }
