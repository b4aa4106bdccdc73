"""Every rule of who may see or do what, written once.

Views raise ``PermissionDenied`` on a ``False``; templates ask the same functions through the
filters in ``forum.templatetags.forum_tags``; the admin's ``has_*_permission`` methods call them
too. The functions rest on Django permissions, which the role groups carry (``accounts.roles``).

Where a member deserves to know why they may not write, a ``why_cannot_*`` function gives the
reason (or ``None``) and the matching ``can_*`` is simply "no reason". The reason is what forms
show beside the field and what the 403 page says.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import formats, timezone

# Moderation. Each rule rests on one permission of the role groups (accounts.roles) and on
# can_participate, so a banned or deactivated moderator moderates nothing, on the site or in the
# admin, and reads no more than a member: neither hidden rows nor earlier versions.


def _holds(user, permission):
    return can_participate(user) and user.has_perm(permission)


def why_cannot_participate(user):
    """Why ``user`` may not write at all, or ``None`` if they may."""
    if not user.is_authenticated:
        return "Log in to take part."
    if not user.is_active:
        return "This account is not active."
    if user.is_currently_banned:
        until = ""
        if user.banned_until:
            ends = timezone.localtime(user.banned_until)
            until = f" until {formats.date_format(ends, 'M j, Y, g:i A T')}"
        reason = f" Reason: {user.ban_reason}" if user.ban_reason else ""
        return f"You have been banned{until}: you can read the forum but not post or like.{reason}"
    return None


def can_participate(user):
    """Whether ``user`` may write at all (post, reply, like, report): logged in and not banned.

    Every rule about writing starts from this one, so a ban stops all of them at once.
    """
    return user.is_authenticated and user.is_active and not user.is_currently_banned


def can_view_hidden(user):
    """Whether ``user`` may read hidden threads and posts (moderators and administrators).

    A ban ends it with every other moderator power (``_holds``).
    """
    return _holds(user, "threads.view_hidden_thread")


def can_view_thread(user, thread):
    """Whether ``user`` may read ``thread`` (every board is public)."""
    return not thread.is_hidden or can_view_hidden(user)


def can_view_post(user, post):
    """Whether ``user`` may read ``post`` (its thread must be readable too)."""
    return can_view_thread(user, post.thread) and (not post.is_hidden or can_view_hidden(user))


# ---- Writing ---------------------------------------------------------------------------------


def why_cannot_start_thread(user, board):
    """Why ``user`` may not start a thread in ``board``, or ``None``."""
    if not can_participate(user):
        return why_cannot_participate(user)
    return None


def can_start_thread(user, board):
    """Whether ``user`` may start a thread in ``board``."""
    return why_cannot_start_thread(user, board) is None


def why_cannot_reply(user, thread):
    """Why ``user`` may not reply to ``thread``, or ``None``.

    Hidden threads take nothing, from anyone; locked ones take replies from moderators only.
    """
    if not can_participate(user):
        return why_cannot_participate(user)
    if thread.is_hidden or not can_view_thread(user, thread):
        return "This thread has been hidden by a moderator, so it takes no replies."
    if thread.is_locked and not can_reply_to_locked_thread(user):
        return "This thread is locked: it takes no new replies."
    return None


def can_reply_after_login(user, thread):
    """Whether a logged-out visitor is offered the reply box that sends them to log in: only
    where a member could reply."""
    return not user.is_authenticated and not thread.is_locked and not thread.is_hidden


def can_start_thread_after_login(user, board):
    """Whether a logged-out visitor is offered "Start a thread", which sends them to log in."""
    return not user.is_authenticated


def can_reply(user, thread):
    """Whether ``user`` may reply to ``thread`` (and quote its posts into the reply)."""
    return why_cannot_reply(user, thread) is None


def can_quote_post(user, post):
    """Whether ``user`` may quote ``post`` into a reply to its thread."""
    return can_reply(user, post.thread) and post_takes_quote(post)


def can_quote_post_after_login(user, post):
    """Whether a logged-out visitor is offered Quote on ``post``, which sends them to log in."""
    return can_reply_after_login(user, post.thread) and post_takes_quote(post)


def post_takes_quote(post):
    """The per-post half of ``can_quote_post``, for one who may reply to its thread."""
    # can_reply has checked that the thread is readable; a post that is not hidden is too.
    return not post.is_hidden


def why_cannot_edit_in_thread(user, thread):
    """The per-thread half of ``why_cannot_edit_post``: why ``user`` may edit no post of
    ``thread``, or ``None``."""
    if not can_participate(user):
        return why_cannot_participate(user)
    if thread.is_hidden or not can_view_thread(user, thread):
        return "This post has been hidden, so it cannot be edited."
    return None


def why_post_refuses_edit(user, post, *, edits_others):
    """The per-post half of ``why_cannot_edit_post``, for one the thread half lets through;
    ``edits_others`` is ``can_edit_others_posts(user)``."""
    if post.is_hidden:
        return "This post has been hidden, so it cannot be edited."
    if edits_others:
        return None
    if post.author_id != user.pk:
        return "You can only edit your own posts."
    if post.thread.is_locked:
        return "This thread is locked: its posts can no longer be edited."
    return None


def why_cannot_edit_post(user, post):
    """Why ``user`` may not edit ``post``, or ``None``.

    Members edit their own posts while the thread is open; moderators edit any post. Hidden
    posts and posts in hidden threads take no edits from anyone.
    """
    return why_cannot_edit_in_thread(user, post.thread) or why_post_refuses_edit(
        user, post, edits_others=can_edit_others_posts(user)
    )


def can_edit_post(user, post):
    """Whether ``user`` may edit ``post``."""
    return why_cannot_edit_post(user, post) is None


def can_hide_in_thread(user, thread):
    """The per-thread half of ``can_hide_post``: whether ``user`` may hide posts of ``thread``."""
    return can_participate(user) and not thread.is_hidden and can_view_thread(user, thread)


def post_takes_hide(user, post, *, moderates):
    """The per-post half of ``can_hide_post``; ``moderates`` is ``can_moderate_posts(user)``.

    The first post is never hidden alone: it goes with its thread.
    """
    if post.is_first or post.is_hidden:
        return False
    return moderates or (post.author_id == user.pk and not post.thread.is_locked)


def can_hide_post(user, post):
    """Whether ``user`` may hide ``post``: their own reply, or any reply for moderators."""
    return can_hide_in_thread(user, post.thread) and post_takes_hide(
        user, post, moderates=can_moderate_posts(user)
    )


def why_cannot_hide_post(user, post):
    """Why ``user`` may not hide ``post``, or ``None``."""
    if can_hide_post(user, post):
        return None
    return why_cannot_participate(user) or "You cannot hide this post."


def can_like_in_thread(user, thread):
    """The per-thread half of ``can_like_post``: whether ``user`` may like posts of ``thread``."""
    return can_participate(user) and not thread.is_hidden and can_view_thread(user, thread)


def post_takes_like(user, post):
    """The per-post half of ``can_like_post``: a post that is not hidden, and not their own."""
    return not post.is_hidden and post.author_id != user.pk


def can_like_post(user, post):
    """Whether ``user`` may like (or take back a like of) ``post``: anyone's but their own."""
    return can_like_in_thread(user, post.thread) and post_takes_like(user, post)


def why_cannot_like_post(user, post):
    """Why ``user`` may not like ``post``, or ``None``."""
    if can_like_post(user, post):
        return None
    if not can_participate(user):
        return why_cannot_participate(user)
    if post.author_id == user.pk:
        return "You cannot like your own posts."
    return "This post cannot be liked."


def can_view_history_in_thread(user, thread):
    """The per-thread half of ``can_view_post_history`` (moderators, in a thread they read)."""
    return _holds(user, "posts.view_post_history") and can_view_thread(user, thread)


def post_shows_history(post, *, sees_hidden):
    """The per-post half of ``can_view_post_history``: the post's half of ``can_view_post``;
    ``sees_hidden`` is ``can_view_hidden(user)``."""
    return not post.is_hidden or sees_hidden


def can_view_post_history(user, post):
    """Whether ``user`` may read the earlier versions of ``post`` (moderators)."""
    return can_view_history_in_thread(user, post.thread) and can_view_post(user, post)


def is_flood_exempt(user):
    """Whether ``user`` may post without waiting ``FORUM_FLOOD_INTERVAL`` between posts."""
    return user.has_perm("posts.bypass_flood_check")


def can_reply_to_locked_thread(user):
    """Whether ``user`` may still reply once a thread is locked (moderators, administrators)."""
    return can_participate(user) and user.has_perm("threads.reply_to_locked_thread")


def can_reach_admin(user):
    """Whether ``user`` may enter the Django admin (administrators and moderators)."""
    return can_participate(user) and user.is_staff


def can_lock_threads(user):
    """Whether ``user`` may lock and unlock threads."""
    return _holds(user, "threads.lock_thread")


def can_pin_threads(user):
    """Whether ``user`` may pin and unpin threads."""
    return _holds(user, "threads.pin_thread")


def can_move_threads(user):
    """Whether ``user`` may move threads to another board."""
    return _holds(user, "threads.move_thread")


def can_hide_threads(user):
    """Whether ``user`` may hide and restore threads."""
    return _holds(user, "threads.hide_thread")


def can_merge_threads(user):
    """Whether ``user`` may merge threads."""
    return _holds(user, "threads.merge_thread")


def can_rename_threads(user):
    """Whether ``user`` may change the titles of threads others started."""
    return _holds(user, "threads.change_thread")


def can_moderate_threads(user):
    """Whether ``user`` gets any of the moderator's tools on thread pages."""
    return any(
        rule(user)
        for rule in (can_lock_threads, can_pin_threads, can_move_threads, can_hide_threads)
    )


def is_moderation(user, author_id):
    """Whether ``user`` acting on content written by ``author_id`` is a moderator's act, which
    the moderation log keeps (members acting on their own posts are not logged)."""
    return user.pk != author_id


def can_moderate_posts(user):
    """Whether ``user`` may hide and restore other members' posts (the admin's posts desk)."""
    return _holds(user, "posts.hide_post")


def post_takes_restore(post):
    """The per-post half of ``can_restore_post`` (the other is ``can_moderate_posts``)."""
    return not post.is_first and post.is_hidden


def can_restore_post(user, post):
    """Whether ``user`` may show a hidden ``post`` again (moderators)."""
    return post_takes_restore(post) and can_moderate_posts(user)


def post_needs_approval(user, *, has_links, earlier_posts):
    """Whether a post by ``user`` waits for a moderator's approval: one with links among the
    first ``FORUM_MODERATE_FIRST_POSTS_WITH_LINKS`` of a member who moderates nothing.
    ``earlier_posts`` is a callable (a count, asked only for posts with links)."""
    limit = settings.FORUM_MODERATE_FIRST_POSTS_WITH_LINKS
    return has_links and limit > 0 and not can_moderate_posts(user) and earlier_posts() < limit


def can_approve_posts(user):
    """Whether ``user`` may approve or reject posts waiting for approval (moderators)."""
    return can_moderate_posts(user)


def can_edit_others_posts(user):
    """Whether ``user`` may edit posts written by other members (moderators)."""
    return _holds(user, "posts.change_post")


def can_report_post(user, post):
    """Whether ``user`` may report ``post`` to the moderators: any member, not their own.

    Views also check that the post is readable (``can_view_post``); this rule reads only the
    post's own row, so a page of posts asks it for free.
    """
    return can_participate(user) and post_takes_report(user, post)


def why_cannot_report_post(user, post):
    """Why ``user`` may not report ``post``, or ``None``."""
    if can_report_post(user, post):
        return None
    return why_cannot_participate(user) or "You cannot report this post."


def post_takes_report(user, post):
    """The per-post half of ``can_report_post`` (the other is ``can_participate``)."""
    return not post.is_hidden and post.author_id != user.pk


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


def can_remove_spammers(user):
    """Whether ``user`` may ban members and hide all they wrote in one step (the admin's
    "Delete spammer")."""
    return (
        _holds(user, "accounts.ban_member") and can_hide_threads(user) and can_moderate_posts(user)
    )


def can_remove_spammer(user, member):
    """Whether ``user`` may take that step against ``member`` (never staff, for moderators)."""
    return can_remove_spammers(user) and can_ban_member(user, member)


def can_see_member_ban(user, member):
    """Whether ``user`` is shown ``member``'s ban (its reason and end) on their profile: the
    moderators who may ban members; to everyone else a ban is the member's own business."""
    return _holds(user, "accounts.ban_member")


def can_change_member_title(user, member):
    """Whether ``user`` may change ``member``'s custom title."""
    return _outranks(user, member) and _holds(user, "accounts.change_member_title")


def can_change_member_role(user, member):
    """Whether ``user`` may change ``member``'s role (administrators, never their own)."""
    return member.pk != user.pk and _holds(user, "accounts.change_member_role")


def can_manage_accounts(user):
    """Whether ``user`` may edit accounts beyond moderation: names, emails, passwords."""
    return _holds(user, "accounts.change_user")


def can_delete_accounts(user):
    """Whether ``user`` may delete members' accounts from the admin (administrators)."""
    return _holds(user, "accounts.delete_user")


def can_delete_account(user, member):
    """Whether ``user`` may delete ``member``'s account from the admin: never their own (the
    account page does that, with their password) and never a fellow administrator's (take
    their role first, which is logged)."""
    return member.pk != user.pk and not member.is_superuser and can_delete_accounts(user)


# ---- A page of posts -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PostActions:
    """What the viewer may do with one post of a page (see ``PostRules``)."""

    like: bool = False
    quote: bool = False
    edit: bool = False
    hide: bool = False
    history: bool = False
    report: bool = False
    restore: bool = False
    quote_after_login: bool = False  # a visitor's Quote, which sends them to log in first


NO_ACTIONS = PostActions()


class PostRules:
    """The post rules above for one viewer and one thread, for a page of its posts.

    Each rule's per-thread half (the viewer's role, ban, the thread's state) is asked once
    here; ``for_post`` asks only the per-post halves. Asking the whole rules for each of 20
    posts cost a sixth of a member's thread page.
    """

    def __init__(self, user, thread):
        self.user = user
        self.history = can_view_history_in_thread(user, thread)
        self.sees_hidden = self.history and can_view_hidden(user)
        self.any = can_participate(user)
        self.quote_after_login = can_reply_after_login(user, thread)
        if not self.any:
            # Visitors and banned members write nothing (and read no history, which is a
            # moderator's power): no permission lookup for them.
            return
        self.like = can_like_in_thread(user, thread)
        self.quote = can_reply(user, thread)
        self.edit = why_cannot_edit_in_thread(user, thread) is None
        self.edits_others = self.edit and can_edit_others_posts(user)
        self.hide = can_hide_in_thread(user, thread)
        self.moderates = can_moderate_posts(user)

    def for_post(self, post):
        """The ``PostActions`` of ``post`` (a post of the thread, ``post.thread`` set)."""
        history = self.history and post_shows_history(post, sees_hidden=self.sees_hidden)
        if not self.any:
            if self.quote_after_login and post_takes_quote(post):
                return PostActions(history=history, quote_after_login=True)
            return PostActions(history=True) if history else NO_ACTIONS
        user = self.user
        return PostActions(
            like=self.like and post_takes_like(user, post),
            quote=self.quote and post_takes_quote(post),
            edit=self.edit
            and why_post_refuses_edit(user, post, edits_others=self.edits_others) is None,
            hide=self.hide and post_takes_hide(user, post, moderates=self.moderates),
            history=history,
            # can_report_post's other half is can_participate, asked above.
            report=post_takes_report(user, post),
            restore=self.moderates and post_takes_restore(post),
        )


def can_set_own_title(user):
    """Whether ``user`` may write their own custom title: the roles FORUM_SELF_TITLE_ROLES
    names (a title is a mark of standing, so a new member's account does not carry one)."""
    return user.is_authenticated and user.role in settings.FORUM_SELF_TITLE_ROLES


# ---- Conversations ---------------------------------------------------------------------------
# Only the members taking part read a conversation: no role grants more (no moderator or
# administrator reads one through the site), so these rules ask the viewer's participant row
# (``None`` for one who has none) and never a permission. A participant's ``state`` is
# "active", "left" (until someone writes again) or "left_for_good".


def can_read_conversation(user, participant):
    """Whether ``user`` may read the conversation of ``participant`` (their own row, or None):
    anyone taking part, or who left it until the next message; a ban does not stop reading."""
    return (
        user.is_authenticated
        and participant is not None
        and participant.user_id == user.pk
        and participant.state != "left_for_good"
    )


def why_cannot_start_conversation(user):
    """Why ``user`` may not start a conversation at all, or ``None``."""
    if not can_participate(user):
        return why_cannot_participate(user) or "You cannot start conversations."
    return None


def can_start_conversation(user):
    """Whether ``user`` may start conversations (the button on the list and on profiles)."""
    return why_cannot_start_conversation(user) is None


def why_cannot_add_recipient(user, recipient, *, followed_by_recipient=False):
    """Why ``user`` may not bring ``recipient`` into a conversation (starting or inviting), or
    ``None``: the recipient's own choice (``conversations_from``) and ignore list decide.

    ``followed_by_recipient``: whether ``recipient`` follows ``user``, which the caller asks
    ``forum.follow`` once for all the recipients of a form (this module reads no table)."""
    if recipient.pk == user.pk:
        return "You cannot start a conversation with yourself."
    if not recipient.is_active:
        return f"{recipient.username} cannot receive conversations."
    if user.pk in (recipient.ignoring or ()) or recipient.conversations_from == "nobody":
        return f"{recipient.username} does not accept conversations."
    if recipient.conversations_from == "staff" and not user.is_staff:
        return f"{recipient.username} accepts conversations from staff members only."
    if recipient.conversations_from == "followed" and not (user.is_staff or followed_by_recipient):
        return f"{recipient.username} accepts conversations only from members they follow."
    return None


def conversation_recipient_limit(user):
    """How many other members ``user`` may have in one conversation; ``None``: no limit.

    Staff have none; other roles have ``FORUM_CONVERSATION_MAX_RECIPIENTS``; a member with fewer
    than ``FORUM_CONVERSATION_NEW_MEMBER_POSTS`` posts writes to one member at a time.
    """
    if user.is_staff:
        return None
    limit = settings.FORUM_CONVERSATION_MAX_RECIPIENTS.get(user.role, 1)
    if user.message_count < settings.FORUM_CONVERSATION_NEW_MEMBER_POSTS:
        limit = min(limit, 1)
    return limit


def is_conversation_rate_exempt(user):
    """Whether ``user`` may start conversations without the hourly limit (staff)."""
    return user.is_staff


def why_cannot_write_in_conversation(user, participant):
    """Why ``user`` may not reply in the conversation of ``participant``, or ``None``."""
    if not can_read_conversation(user, participant):
        return "You are not taking part in this conversation."
    if not can_participate(user):
        return why_cannot_participate(user)
    if participant.state != "active":
        return "You left this conversation: it takes no replies from you."
    return None


def can_write_in_conversation(user, participant):
    """Whether ``user`` may reply in the conversation of ``participant``."""
    return why_cannot_write_in_conversation(user, participant) is None


def why_cannot_invite(user, participant):
    """Why ``user`` may not invite others to the conversation of ``participant``, or ``None``:
    the starter may, and everyone in it if the starter allowed it."""
    refusal = why_cannot_write_in_conversation(user, participant)
    if refusal:
        return refusal
    if not participant.may_invite:
        return "Only the member who started this conversation may invite others to it."
    return None


def can_invite(user, participant):
    """Whether ``user`` may invite others to the conversation of ``participant``."""
    return why_cannot_invite(user, participant) is None


def why_cannot_edit_message(user, message, participant):
    """Why ``user`` may not edit ``message``, or ``None``: their own, while they may write
    there, within ``FORUM_MESSAGE_EDIT_SECONDS`` of sending it (nobody else edits it)."""
    refusal = why_cannot_write_in_conversation(user, participant)
    if refusal:
        return refusal
    if message.author_id != user.pk:
        return "You can only edit your own messages."
    if timezone.now() - message.created_at > timedelta(seconds=settings.FORUM_MESSAGE_EDIT_SECONDS):
        return "This message was sent too long ago to be edited."
    return None


def can_edit_message(user, message, participant):
    """Whether ``user`` may edit ``message``."""
    return why_cannot_edit_message(user, message, participant) is None


def can_report_message(user, message, participant):
    """Whether ``user`` may report ``message`` to the moderators: a participant, not its
    author. The report shows the moderators that one message and its author, nothing else."""
    return (
        can_participate(user)
        and can_read_conversation(user, participant)
        and message.author_id != user.pk
    )


def can_follow_member(user, member):
    """Whether ``user`` may follow ``member``: any member, anyone but themselves (a ban stops
    writing, not choosing whom one hears from)."""
    return user.is_authenticated and member.pk != user.pk and member.is_active


def can_ignore_member(user, member):
    """Whether ``user`` may ignore ``member``: anyone but themselves and staff (whose warnings
    must reach the members they moderate)."""
    return user.is_authenticated and member.pk != user.pk and not member.is_staff
