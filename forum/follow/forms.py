from django import forms

from forum.follow.models import MAILED_KINDS, Preferences


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = [
            "watch_own_threads",
            "alert_reply",
            "alert_thread",
            "alert_quote",
            "alert_mention",
            "alert_like",
            "alert_moderation",
            "email_reply",
            "email_thread",
            "email_quote",
            "email_mention",
        ]
        # Each checkbox is named apart, not by its fieldset alone ("Also by mail").
        labels = {f"email_{kind}": f"{kind.label}, by mail" for kind in MAILED_KINDS}

    def alert_fields(self):
        return [self[name] for name in self.Meta.fields if name.startswith("alert_")]

    def email_fields(self):
        return [self[name] for name in self.Meta.fields if name.startswith("email_")]
