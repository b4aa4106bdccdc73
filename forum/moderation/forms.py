"""Forms of the moderator's desk: the reason every action logs, and members' reports."""

from django import forms
from django.contrib.admin.helpers import ActionForm

from forum.moderation.models import Report

REASON_MAX_LENGTH = 500


def reason_field(**kwargs):
    kwargs.setdefault("required", False)
    return forms.CharField(
        max_length=REASON_MAX_LENGTH, help_text="Kept in the moderation log.", **kwargs
    )


class SpammerForm(forms.Form):
    reason = reason_field(
        label="Reason, shown to the member and kept in the log", initial="Spam", required=True
    )


class ReasonActionForm(ActionForm):
    """The admin's action bar, with a reason that every moderation action logs."""

    reason = reason_field(
        label="Reason:", widget=forms.TextInput(attrs={"placeholder": "Reason (for the log)"})
    )


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason"]
        labels = {"reason": "What is wrong with this post?"}
        widgets = {"reason": forms.Textarea(attrs={"rows": 3, "maxlength": 1000})}
        error_messages = {"reason": {"required": "Say what is wrong with the post."}}
