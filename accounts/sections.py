"""The sections of a member's account area, in the order its navigation lists them.

The one list: the account pages (ours and allauth's, through ``templates/allauth/layouts/
base.html``) draw their navigation from it with ``{% account_nav %}``, so a new section (the
alert preferences, say) is one line here plus its view.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    # The section's pages below its URL (tabs of it) mark it as the current section too.
    has_subpages: bool = False


SECTIONS = (
    Section("profile", "Profile", "accounts:account_profile"),
    Section("email", "Email", "account_email"),
    Section("password", "Password", "account_change_password"),
    Section("preferences", "Preferences", "accounts:account_preferences"),
    # The alert and mail preferences, a page of forum.follow.
    Section("alerts", "Alerts and mail", "follow:preferences"),
    # The threads and boards the member watches, pages of forum.threads (they list threads).
    Section("watched", "Watched", "threads:watched", has_subpages=True),
    Section("ignoring", "Ignored members", "accounts:account_ignoring"),
    # Served by forum.posts (a member's data is mostly posts and likes; accounts sits below).
    Section("data", "Your data", "memberdata:export"),
    Section("delete", "Delete account", "posts:account_delete"),
)
