"""Every rule of who may see or do what, written once.

Views raise ``PermissionDenied`` on a ``False``; templates ask the same functions through the
filters in ``forum.templatetags.forum_tags``; the admin's ``has_*_permission`` methods call them
too. The functions rest on Django permissions, which the role groups carry (``accounts.roles``).
"""


def can_participate(user):
    """Whether ``user`` may write at all (post, reply, like, report): logged in and not banned.

    Every rule about writing starts from this one, so a ban stops all of them at once.
    """
    return user.is_authenticated and user.is_active and not user.is_currently_banned


def can_view_hidden(user):
    """Whether ``user`` may read hidden threads and posts (moderators and administrators)."""
    return user.is_authenticated and user.has_perm("threads.view_hidden_thread")


def can_view_board(user, board):
    """Whether ``user`` may read ``board``; every board is public for now."""
    return True


def can_view_thread(user, thread):
    """Whether ``user`` may read ``thread``."""
    return can_view_board(user, thread.board) and (not thread.is_hidden or can_view_hidden(user))


def can_view_post(user, post):
    """Whether ``user`` may read ``post`` (its thread must be readable too)."""
    return can_view_thread(user, post.thread) and (not post.is_hidden or can_view_hidden(user))
