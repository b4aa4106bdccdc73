"""The search form: it validates what was typed; ``backend.search`` searches."""

from django import forms
from django.conf import settings
from django.utils.formats import number_format

from forum.search.backend import Filters, split_member

RELEVANCE, NEWEST = "relevance", "newest"


class SearchForm(forms.Form):
    # No max_length: its maxlength attribute would make the browser cut a pasted query short
    # without saying so. The limit is checked below, with a message.
    q = forms.CharField(
        label="Words",
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text='Use "quotes" for a phrase, -word to leave a word out, OR between '
        "alternatives, by:name for a member's posts.",
    )
    titles_only = forms.BooleanField(label="Search thread titles only", required=False)
    member = forms.CharField(label="By member", required=False, max_length=150)
    board = forms.TypedChoiceField(label="In board", required=False, coerce=int, empty_value=None)
    # Set by the header box's "this thread" checkbox on a thread page.
    thread = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    after = forms.DateField(
        label="Written from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    before = forms.DateField(
        label="Written until", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    order = forms.ChoiceField(
        label="Order",
        required=False,
        choices=[(RELEVANCE, "Most relevant first"), (NEWEST, "Newest first")],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, boards=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if self.is_bound and not self.data.get("order"):
            # The header's box sends words only: show the order they are searched in.
            self.data = self.data.copy()
            self.data["order"] = RELEVANCE
        self.fields["board"].choices = [("", "Any board")] + [
            (board.pk, board.name) for board in boards
        ]
        self.fields["order"].initial = RELEVANCE

    def clean_q(self):
        query = self.cleaned_data["q"]
        limit = settings.FORUM_SEARCH_MAX_LENGTH
        if len(query) > limit:
            raise forms.ValidationError(
                f"Search for at most {limit} characters; this has "
                f"{number_format(len(query), force_grouping=True)}. Take out a few words."
            )
        return query

    def clean(self):
        cleaned = super().clean()
        if "q" in cleaned:
            words, member = split_member(cleaned["q"])
            if not words and not member and not cleaned.get("member"):
                self.add_error(
                    "q", "Type a word to look for, or a member's name to find their posts."
                )
        after, before = cleaned.get("after"), cleaned.get("before")
        if after and before and after > before:
            self.add_error("before", "This date is before the first one: swap them.")
        return cleaned

    def filters(self):
        data = self.cleaned_data
        return Filters(
            titles_only=data["titles_only"],
            member=data["member"].strip(),
            board=data["board"],
            thread=data["thread"],
            after=data["after"],
            before=data["before"],
            newest_first=data["order"] == NEWEST,
        )
