"""The moderator's one-click actions on a thread, in one table.

The thread page's tools (``forum.threads.views.thread_action``) and the admin's actions
(``forum.threads.admin.ThreadAdmin``) are both made from it, so a new action, a new label or a
new rule shows in both at once.
"""

from collections.abc import Callable
from dataclasses import dataclass

from forum import permissions
from forum.threads import services


@dataclass(frozen=True)
class ThreadAction:
    name: str  # in the thread page's URL
    label: str  # the button, and the admin's action
    done: str  # said afterwards ("Locked: 3." in the admin, "Thread locked." on the site)
    rule: Callable  # rule(user): whether the user may take it
    service: Callable  # service(thread=, by=, reason=): the log entry, or None if nothing to do
    permission: str  # the admin's has_<permission>_permission

    def allows(self, user, thread=None):
        return self.rule(user)


THREAD_ACTIONS = {
    action.name: action
    for action in [
        ThreadAction(
            "lock", "Lock", "Locked", permissions.can_lock_threads, services.lock_thread, "lock"
        ),
        ThreadAction(
            "unlock",
            "Unlock",
            "Unlocked",
            permissions.can_lock_threads,
            services.unlock_thread,
            "lock",
        ),
        ThreadAction(
            "pin", "Pin", "Pinned", permissions.can_pin_threads, services.pin_thread, "pin"
        ),
        ThreadAction(
            "unpin", "Unpin", "Unpinned", permissions.can_pin_threads, services.unpin_thread, "pin"
        ),
        ThreadAction(
            "hide", "Hide", "Hidden", permissions.can_hide_threads, services.hide_thread, "hide"
        ),
        ThreadAction(
            "restore",
            "Restore (unhide)",
            "Restored",
            permissions.can_hide_threads,
            services.restore_thread,
            "hide",
        ),
    ]
}
