"""Forms of conversations. They validate (names, limits, the recipients' own choices); the
services write."""

import re
import uuid

from django import forms
from django.conf import settings
from django.db.models import Q

from accounts.models import ConversationsFrom, User
from forum import permissions
from forum.follow.models import FollowedMember
from forum.posts.forms import PostBodyField, SubmissionTokenField

# Names one form may list, whatever the sender's limit: the lookup is one query per form.
MAX_NAMES = 100


def _names(text):
    seen, names = set(), []
    for name in re.split(r"[,\n]", text):
        name = name.strip().lstrip("@")
        if name and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


class RecipientsField(forms.CharField):
    """Usernames separated by commas → the members they name, in the order typed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Recipients")
        kwargs.setdefault("help_text", "Usernames, separated by commas.")
        kwargs.setdefault("error_messages", {"required": "Name at least one member to write to."})
        super().__init__(**kwargs)

    def clean(self, value):
        names = _names(super().clean(value) or "")
        if not names:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(names) > MAX_NAMES:
            raise forms.ValidationError(f"Name at most {MAX_NAMES} members in one go.")
        query = Q()
        for name in names:
            query |= Q(username__iexact=name)
        found = {member.username.lower(): member for member in User.objects.filter(query)}
        unknown = [name for name in names if name.lower() not in found]
        if unknown:
            raise forms.ValidationError(
                "No member is called " + ", ".join(f"“{name}”" for name in unknown) + "."
            )
        return [found[name.lower()] for name in names]


def _recipient_errors(sender, recipients, *, already):
    """The messages refusing ``recipients`` from ``sender``, who has ``already`` others in the
    conversation (0 when starting one)."""
    limit = permissions.conversation_recipient_limit(sender)
    if limit is not None and already + len(recipients) > limit:
        if sender.message_count < settings.FORUM_CONVERSATION_NEW_MEMBER_POSTS:
            return ["A new member writes to one member at a time, until they have posted more."]
        return [f"You may have at most {limit} other members in one conversation."]
    # Who among them follows the sender, asked once and only when one accepts no one else.
    choosy = [r for r in recipients if r.conversations_from == ConversationsFrom.FOLLOWED]
    choosy = [] if sender.is_staff else choosy
    followers = FollowedMember.followers_among(sender, choosy) if choosy else set()
    return [
        refusal
        for recipient in recipients
        if (
            refusal := permissions.why_cannot_add_recipient(
                sender, recipient, followed_by_recipient=recipient.pk in followers
            )
        )
    ]


class ConversationForm(forms.Form):
    recipients = RecipientsField()
    title = forms.CharField(max_length=150)
    body = PostBodyField()
    open_invites = forms.BooleanField(
        label="Everyone in the conversation may invite others", required=False
    )
    token = SubmissionTokenField()

    def __init__(self, *args, sender, **kwargs):
        super().__init__(*args, **kwargs)
        self.sender = sender
        self.fields["token"].initial = uuid.uuid4()

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Give the conversation a title.")
        return title

    def clean_recipients(self):
        recipients = self.cleaned_data["recipients"]
        errors = _recipient_errors(self.sender, recipients, already=0)
        if errors:
            raise forms.ValidationError(errors)
        return recipients


class InviteForm(forms.Form):
    recipients = RecipientsField(label="Members to invite")

    def __init__(self, *args, sender, conversation, present, **kwargs):
        super().__init__(*args, **kwargs)
        self.sender = sender
        self.conversation = conversation
        self.present = present  # ids of the members in it now (not left for good)

    def clean_recipients(self):
        new = [m for m in self.cleaned_data["recipients"] if m.pk not in self.present]
        if not new:
            raise forms.ValidationError("Everyone named is in this conversation already.")
        errors = _recipient_errors(self.sender, new, already=len(self.present) - 1)
        if errors:
            raise forms.ValidationError(errors)
        return new


class MessageForm(forms.Form):
    body = PostBodyField()
    token = SubmissionTokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].initial = uuid.uuid4()


class EditMessageForm(forms.Form):
    body = PostBodyField()


class MessageReportForm(forms.Form):
    reason = forms.CharField(
        label="What is wrong with this message?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what is wrong with the message."},
    )
