"""Forms for writing posts. They validate; the services in ``services.py`` write."""

import uuid

from django import forms
from django.conf import settings
from django.utils.formats import number_format

from forum.markup import markup_limit_error
from forum.moderation.forms import reason_field
from forum.posts.models import Post


class PostBodyField(forms.CharField):
    """A post's text: kept exactly as typed (line ends made Unix), never blank, never too long,
    never over one of the markup's limits (``markup_limit_error``).

    No ``maxlength`` goes to the browser: it would cut a long paste short without a word;
    the server says how long the text is and what the limit is instead.
    """

    widget = forms.Textarea

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Message")
        kwargs.setdefault("strip", False)
        kwargs.setdefault(
            "error_messages", {"required": "Write something before posting: the message is empty."}
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"rows": 8, "class": "editor__text"})
        return attrs

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")

    def validate(self, value):
        if not value.strip():
            raise forms.ValidationError(self.error_messages["required"], code="required")
        limit = settings.FORUM_POST_MAX_LENGTH
        if len(value) > limit:
            raise forms.ValidationError(
                f"This message is {number_format(len(value), force_grouping=True)} characters "
                f"long; the limit is {number_format(limit, force_grouping=True)}. "
                "Shorten it or split it into two posts.",
                code="max_length",
            )
        # Every form that takes a body (reply, new thread, edit) and the preview ask this, so
        # no body that would cost the server seconds to render is rendered or stored.
        error = markup_limit_error(value)
        if error:
            raise forms.ValidationError(error, code="markup_limit")


class SubmissionTokenField(forms.UUIDField):
    """The identity of one rendering of a form, so that sending it twice makes one post."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        # A missing or mangled token only costs the protection against a resubmission; it
        # must never refuse the post over a field the member cannot see.
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None


class ReplyForm(forms.Form):
    body = PostBodyField()
    token = SubmissionTokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].initial = uuid.uuid4()


class EditPostForm(forms.Form):
    body = PostBodyField()
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class PostEditForm(forms.ModelForm):
    """A moderator's edit of a post in the admin; the old text becomes a revision."""

    body = PostBodyField()
    # The revision the moderator started from (the model's own ``revision`` is not editable).
    started_from = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = reason_field()

    class Meta:
        model = Post
        fields = ["body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_from"].initial = self.instance.revision

    def clean(self):
        cleaned = super().clean()
        # The instance is read afresh for every request: a newer revision means someone saved
        # while this form was open, and their text is not to be overwritten unseen.
        if cleaned.get("started_from") not in (None, self.instance.revision):
            editor = self.instance.edited_by or self.instance.author
            raise forms.ValidationError(
                f"{editor} saved a newer version of this post while you were editing; "
                "it is shown now. Your text is in the box: merge the two and save again."
            )
        return cleaned


class DeleteAccountForm(forms.Form):
    """The member's password, asked again before their account is deleted."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, member, *args, **kwargs):
        self.member = member
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError("That is not your password.", code="wrong_password")
        return password


class DeleteAccountsForm(forms.Form):
    """The admin's "Delete account": a reason for the moderation log."""

    reason = reason_field(label="Reason, kept in the moderation log", required=False)
