"""The form for starting a thread. It validates; ``services.start_thread`` writes."""

import uuid

from django import forms
from django.utils.formats import number_format

from forum.posts.forms import PostBodyField, SubmissionTokenField
from forum.threads.models import Thread

TITLE_MAX_LENGTH = Thread._meta.get_field("title").max_length


class ThreadForm(forms.Form):
    title = forms.CharField(
        error_messages={"required": "Give the thread a title."},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = PostBodyField()
    token = SubmissionTokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].initial = uuid.uuid4()

    def clean_title(self):
        # Checked here rather than with max_length, whose maxlength attribute would make the
        # browser cut a pasted title short without saying so.
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) > TITLE_MAX_LENGTH:
            raise forms.ValidationError(
                f"This title is {number_format(len(title), force_grouping=True)} characters "
                f"long; the limit is {TITLE_MAX_LENGTH}."
            )
        return title
