"""The moderator's forms for moving and merging threads."""

import re

from django import forms

from forum.boards.models import Board
from forum.moderation.forms import reason_field
from forum.params import positive_int
from forum.threads.models import Thread


class HideThreadForm(forms.Form):
    reason = reason_field(label="Reason, for the moderation log and the other moderators")


class MoveThreadForm(forms.Form):
    board = forms.ModelChoiceField(
        queryset=Board.objects.select_related("category").order_by(
            "category__position", "category__name", "position", "name"
        ),
        label="Move to board",
        empty_label=None,
    )
    reason = reason_field()

    def __init__(self, *args, current_board=None, **kwargs):
        super().__init__(*args, **kwargs)
        if current_board is not None:
            self.fields["board"].queryset = self.fields["board"].queryset.exclude(
                pk=current_board.pk
            )
        self.fields["board"].label_from_instance = lambda board: (
            f"{board.category.name} › {board.name}"
        )


_THREAD_ADDRESS = re.compile(r"(?:^|/threads/(?:[^/]*\.)?)(\d+)(?:/|$)")


class MergeThreadsForm(forms.Form):
    """Choose the thread that the selected threads are merged into: one of them, or another
    thread given by its number or its address."""

    target = forms.TypedChoiceField(
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        label="Merge into",
        help_text="The thread that keeps its title and takes in every post.",
    )
    other_thread = forms.CharField(
        required=False,
        label="…or another thread",
        help_text="Its number or its address, e.g. /threads/some-title.123/",
        max_length=300,
    )
    reason = reason_field()

    def __init__(self, *args, threads, **kwargs):
        super().__init__(*args, **kwargs)
        self.threads = list(threads)
        self.fields["target"].choices = [
            (thread.pk, f"{thread.title} ({thread.board}, #{thread.pk})") for thread in self.threads
        ]

    def clean_other_thread(self):
        address = self.cleaned_data["other_thread"].strip()
        if not address:
            return None
        match = _THREAD_ADDRESS.search(address)
        pk = positive_int(match.group(1)) if match else None
        if pk is None:
            raise forms.ValidationError("Give the thread's number or its address.")
        thread = Thread.objects.select_related("board").filter(pk=pk).first()
        if thread is None:
            raise forms.ValidationError("There is no thread with that number.")
        return thread

    def clean(self):
        cleaned = super().clean()
        other = cleaned.get("other_thread")
        chosen = cleaned.get("target")
        if "other_thread" in self.errors:
            return cleaned
        if other is not None:
            cleaned["target_thread"] = other
        elif chosen:
            cleaned["target_thread"] = next(t for t in self.threads if t.pk == chosen)
        else:
            raise forms.ValidationError("Choose the thread to merge into.")
        sources = [t for t in self.threads if t.pk != cleaned["target_thread"].pk]
        if not sources:
            raise forms.ValidationError(
                "Select at least two threads, or give another thread to merge into."
            )
        cleaned["sources"] = sources
        return cleaned
