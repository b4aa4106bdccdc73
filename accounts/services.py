"""Writes that change members: their role, what moderators do to them, and what members
write of themselves (profile, avatar, preferences).

A moderator's action on a member is logged here, in the transaction of the write, through
``forum.moderation.log``; every change that shows beside a member's posts makes the pages
that show it stale through ``forum.cache.touch``.
"""

from datetime import UTC

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual

from accounts.avatars import delete_avatar_files, store_avatar_files
from accounts.models import User
from accounts.roles import STAFF_ROLES, Role, join_role_group
from forum.cache import touch
from forum.markup import render_signature
from forum.moderation.log import Action, record


@transaction.atomic
def set_member_role(*, user, role, by=None, reason=""):
    """Give ``user`` the role: its field, its group, staff and superuser flags change together.

    With ``by`` (an administrator changing someone's role) the change is logged, old → new;
    giving the role a member has already changes and logs nothing.
    """
    role = Role(role)
    if by is not None:
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.role == role:
            return user
    old_role = user.role
    user.role = role
    user.is_staff = role in STAFF_ROLES
    user.is_superuser = role == Role.ADMINISTRATOR
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    join_role_group(user, role)
    if by is not None:
        record(
            by=by,
            action=Action.CHANGE_MEMBER_ROLE,
            target=user,
            reason=reason,
            old_role=Role(old_role).value if old_role else None,
            new_role=role.value,
        )
    if old_role != role:
        # Sign-ups give a new member the role they have already: no page shows them yet.
        touch(members=[user])
    return user


@transaction.atomic
def promote_if_eligible(user):
    """Make ``user`` a senior member if they are a plain member past both thresholds.

    Called where the counters grow. One UPDATE decides, so two replies at once promote once,
    and only members are ever touched: staff and senior members keep their role.
    """
    promoted = (
        User.objects.filter(
            GreaterThanOrEqual(F("message_count"), settings.FORUM_SENIOR_MIN_MESSAGES),
            GreaterThanOrEqual(
                # Likes an import did not show are unknown, not 0; the likes received here
                # still count.
                F("likes_received") + Coalesce(F("imported_likes_received"), 0),
                settings.FORUM_SENIOR_MIN_LIKES,
            ),
            pk=user.pk,
            role=Role.MEMBER,
            # Not an account nobody uses, such as "Deleted member", holder of deleted posts.
            is_active=True,
        ).update(role=Role.SENIOR_MEMBER)
        == 1
    )
    if promoted:
        user.role = Role.SENIOR_MEMBER
        join_role_group(user, Role.SENIOR_MEMBER)
        touch(members=[user])
    return promoted


def add_to_counters(member, *, messages=0, likes=0):
    """Add ``messages`` to ``member``'s message count and ``likes`` to their likes received in
    one UPDATE, which also reads the counts back: the member is promoted (``promote_if_eligible``)
    only when those say they may be, so a reply or like by a member far from it asks nothing
    more. Returns whether they were promoted."""
    table = User._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET message_count = message_count + %s, "  # noqa: S608
            "likes_received = likes_received + %s WHERE id = %s RETURNING role, is_active, "
            "message_count, likes_received + COALESCE(imported_likes_received, 0)",
            [messages, likes, member.pk],
        )
        row = cursor.fetchone()
    if row is None or messages < 0 or likes < 0:
        return False
    role, is_active, message_count, likes_received = row
    if (
        role != Role.MEMBER
        or not is_active
        or message_count < settings.FORUM_SENIOR_MIN_MESSAGES
        or likes_received < settings.FORUM_SENIOR_MIN_LIKES
    ):
        return False
    return promote_if_eligible(member)


def _lock(member):
    return User.objects.select_for_update().get(pk=member.pk)


@transaction.atomic
def ban_member(*, member, by, reason, until=None):
    """Ban ``member`` (they keep reading, stop writing) until ``until`` or for good; logged.

    Returns the log entry, or None when the same ban was in force already.
    """
    member = _lock(member)
    if member.is_banned and member.ban_reason == reason and member.banned_until == until:
        return None
    User.objects.filter(pk=member.pk).update(is_banned=True, ban_reason=reason, banned_until=until)
    touch(members=[member])
    return record(
        by=by,
        action=Action.BAN_MEMBER,
        target=member,
        reason=reason,
        old_ban=_ban_details(member),
        new_ban=_ban_details(member, is_banned=True, reason=reason, until=until),
    )


def _ban_details(member, **changed):
    """A ban as the log keeps it: ``None`` when there is none, else its reason and end."""
    is_banned = changed.get("is_banned", member.is_banned)
    if not is_banned:
        return None
    until = changed.get("until", member.banned_until)
    return {
        "reason": changed.get("reason", member.ban_reason),
        "until": until.astimezone(UTC).isoformat() if until else None,
    }


@transaction.atomic
def lift_ban(*, member, by, reason=""):
    """Lift ``member``'s ban and log it; None if they were not banned."""
    member = _lock(member)
    if not member.is_banned:
        return None
    User.objects.filter(pk=member.pk).update(is_banned=False, ban_reason="", banned_until=None)
    touch(members=[member])
    return record(
        by=by,
        action=Action.LIFT_BAN,
        target=member,
        reason=reason,
        old_ban=_ban_details(member),
        new_ban=None,
    )


@transaction.atomic
def change_member_title(*, member, title, by, reason=""):
    """Give ``member`` a custom title (empty: the role's name shows) and log old → new."""
    member = _lock(member)
    if member.title == title:
        return None
    User.objects.filter(pk=member.pk).update(title=title)
    touch(members=[member])
    return record(
        by=by,
        action=Action.CHANGE_MEMBER_TITLE,
        target=member,
        reason=reason,
        old_title=member.title,
        new_title=title,
    )


# ---- A member's own space --------------------------------------------------------------------


@transaction.atomic
def update_profile(*, member, by, location, website, about, signature, title=None):
    """Write what ``member`` shows of themselves; the signature is stored with its HTML.

    ``title`` is left alone when None (the member's role may not set one). The pages that show
    the member (their panel beside every post) change at once.
    """
    fields = {
        "location": location,
        "website": website,
        "about": about,
        "signature": signature,
        "signature_html": render_signature(signature),
    }
    if title is not None:
        fields["title"] = title
    User.objects.filter(pk=member.pk).update(**fields)
    for name, value in fields.items():
        setattr(member, name, value)
    touch(members=[member])
    return member


@transaction.atomic
def set_preferences(
    *,
    member,
    by,
    time_zone,
    show_online,
    hide_signatures,
    conversations_from=None,
    conversation_mail=False,
):
    """Write how ``member`` reads the forum; nothing others see changes, so no page is stale."""
    fields = {
        "time_zone": time_zone,
        "show_online": show_online,
        "hide_signatures": hide_signatures,
        "conversation_mail": conversation_mail,
    }
    if conversations_from:
        fields["conversations_from"] = conversations_from
    User.objects.filter(pk=member.pk).update(**fields)
    for name, value in fields.items():
        setattr(member, name, value)
    return member


def set_avatar(*, member, by, files):
    """Store ``files`` (``accounts.avatars.make_avatar_files``) as ``member``'s avatar.

    The new files are saved first, under a new name; the old ones are deleted once the new name
    is committed, so no page ever links to a file that is gone.
    """
    stem = store_avatar_files(files)
    try:
        _replace_avatar(member=member, stem=stem)
    except Exception:
        delete_avatar_files(stem)
        raise
    return member


def remove_avatar(*, member, by):
    """Go back to the letter avatar; the stored files are deleted."""
    _replace_avatar(member=member, stem="")
    return member


@transaction.atomic
def _replace_avatar(*, member, stem):
    old = _lock(member).avatar
    User.objects.filter(pk=member.pk).update(avatar=stem)
    member.avatar = stem
    touch(members=[member])
    if old and old != stem:
        transaction.on_commit(lambda: delete_avatar_files(old))


class IgnoreListFull(Exception):
    """The member ignores ``FORUM_IGNORE_MAX`` members already."""


@transaction.atomic
def ignore_member(*, member, ignored):
    """Add ``ignored`` to ``member``'s ignore list: their posts fold away on thread pages,
    their messages in conversations too, and they can no longer start conversations with
    ``member``. Nothing cached changes: a post's cached HTML is keyed on whether its reader
    ignores its author."""
    ignoring = _lock(member).ignoring or []
    if ignored.pk in ignoring:
        return member
    if len(ignoring) >= settings.FORUM_IGNORE_MAX:
        raise IgnoreListFull(
            f"You ignore {len(ignoring)} members already, the most one may; stop ignoring "
            "someone first."
        )
    member.ignoring = [*ignoring, ignored.pk]
    User.objects.filter(pk=member.pk).update(ignoring=member.ignoring)
    return member


@transaction.atomic
def unignore_member(*, member, ignored):
    """Take ``ignored`` off ``member``'s ignore list."""
    member.ignoring = [pk for pk in (_lock(member).ignoring or []) if pk != ignored.pk]
    User.objects.filter(pk=member.pk).update(ignoring=member.ignoring)
    return member
