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


def can_reply_to_locked_thread(user):
    """Whether ``user`` may still reply once a thread is locked (moderators, administrators)."""
    return can_participate(user) and user.has_perm("threads.reply_to_locked_thread")


# Moderation. Each rule rests on one permission of the role groups (accounts.roles) and on
# can_participate, so a banned or deactivated moderator moderates nothing.


def _holds(user, permission):
    return can_participate(user) and user.has_perm(permission)


def can_reach_admin(user):
    """Whether ``user`` may enter the Django admin (administrators and moderators)."""
    return can_participate(user) and user.is_staff


def can_lock_thread(user, thread):
    """Whether ``user`` may lock and unlock ``thread``."""
    return _holds(user, "threads.lock_thread")


def can_pin_thread(user, thread):
    """Whether ``user`` may pin and unpin ``thread``."""
    return _holds(user, "threads.pin_thread")


def can_move_thread(user, thread):
    """Whether ``user`` may move ``thread`` to another board."""
    return _holds(user, "threads.move_thread")


def can_hide_thread(user, thread):
    """Whether ``user`` may hide and restore ``thread``."""
    return _holds(user, "threads.hide_thread")


def can_merge_threads(user, thread):
    """Whether ``user`` may merge ``thread`` into another (or another into it)."""
    return _holds(user, "threads.merge_thread")


def can_rename_thread(user, thread):
    """Whether ``user`` may change the title of ``thread`` someone else started."""
    return _holds(user, "threads.change_thread")


def can_moderate_thread(user, thread):
    """Whether ``user`` gets any of the moderator's tools for ``thread``."""
    return any(
        rule(user, thread)
        for rule in (can_lock_thread, can_pin_thread, can_move_thread, can_hide_thread)
    )


def can_moderate_posts(user):
    """Whether ``user`` may hide and restore other members' posts (the admin's posts desk)."""
    return _holds(user, "posts.hide_post")


def can_hide_post(user, post):
    """Whether ``user`` may hide ``post`` as a moderator; the first post goes with its thread."""
    return not post.is_first and not post.is_hidden and can_moderate_posts(user)


def can_restore_post(user, post):
    """Whether ``user`` may show a hidden ``post`` again (moderators)."""
    return not post.is_first and post.is_hidden and can_moderate_posts(user)


def can_edit_others_posts(user):
    """Whether ``user`` may edit posts written by other members (moderators)."""
    return _holds(user, "posts.change_post")


def can_report_post(user, post):
    """Whether ``user`` may report ``post`` to the moderators: any member, not their own.

    Views also check that the post is readable (``can_view_post``); this rule reads only the
    post's own row, so a page of posts asks it for free.
    """
    return can_participate(user) and not post.is_hidden and post.author_id != user.pk


def can_view_reports(user):
    """Whether ``user`` may read members' reports."""
    return _holds(user, "moderation.view_report")


def can_close_reports(user):
    """Whether ``user`` may close members' reports."""
    return _holds(user, "moderation.close_report")


def can_close_report(user, report):
    """Whether ``user`` may close ``report`` (an open one) with an outcome."""
    return report.is_open and can_close_reports(user)


def can_view_moderation_log(user):
    """Whether ``user`` may read the moderation log."""
    return _holds(user, "moderation.view_moderationlog")


def _outranks(user, member):
    # Moderators act on members, never on staff (themselves included); administrators on all.
    return user.is_superuser or not member.is_staff


def can_moderate_members(user):
    """Whether ``user`` may open members in the admin for their moderation fields."""
    return any(
        _holds(user, permission)
        for permission in (
            "accounts.ban_member",
            "accounts.change_member_title",
            "accounts.change_member_role",
        )
    )


def can_ban_member(user, member):
    """Whether ``user`` may ban ``member`` or lift their ban; nobody bans themselves."""
    return member.pk != user.pk and _outranks(user, member) and _holds(user, "accounts.ban_member")


def can_change_member_title(user, member):
    """Whether ``user`` may change ``member``'s custom title."""
    return _outranks(user, member) and _holds(user, "accounts.change_member_title")


def can_change_member_role(user, member):
    """Whether ``user`` may change ``member``'s role (administrators, never their own)."""
    return member.pk != user.pk and _holds(user, "accounts.change_member_role")


def can_manage_accounts(user):
    """Whether ``user`` may edit accounts beyond moderation: names, emails, passwords."""
    return _holds(user, "accounts.change_user")
