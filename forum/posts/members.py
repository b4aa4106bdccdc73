"""A member's own data: taken out as one JSON archive, or removed with the account.

These live with the posts because a member's data is mostly posts and likes: deleting an
account takes back every like through ``unlike_post`` and hides through the hide services,
so every counter stays exact, and ``accounts`` (below the posts) never imports them.

What happens to a deleted member's posts is a setting, ``FORUM_DELETED_MEMBER_POSTS``:

- ``anonymise`` (default, as XenForo and Discourse do): the posts stay, shown as written by
  "Deleted member", so threads keep reading; quotes of them keep their text.
- ``hide``: their threads and posts are hidden, as for a spammer (moderators still see them).

and what happens to their name, ``FORUM_DELETED_MEMBER_USERNAME``: ``free`` (default; anyone
may sign up with it) or ``reserve`` (an inactive, emptied account keeps it).
"""

import re

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import remove_avatar
from accounts.signals import member_deleting
from forum.boards.models import Board
from forum.cache import touch
from forum.markup import render_post_body
from forum.moderation.log import Action, record
from forum.posts import counters
from forum.posts.models import Like, Post
from forum.posts.services import hide_everything_of, unlike_post
from forum.threads.models import Thread

# Who a deleted member's posts are shown as. A space is refused by the sign-up's name rules,
# so no one can ever take this name.
DELETED_MEMBER_NAME = "Deleted member"
POSTS_MODES = ("anonymise", "hide")
USERNAME_MODES = ("free", "reserve")
EXPORT_FORMAT = "forum-member-data/1"


def export_member_data(member):
    """The posts' part of ``member``'s archive (``forum.memberdata`` adds the rest), as a
    JSON-ready dict: the profile, every post with the text as they wrote it, the threads they
    started and the likes given."""
    from allauth.account.models import EmailAddress

    posts = (
        Post.objects.filter(author=member)
        .select_related("thread")
        .order_by("created_at", "pk")
        .iterator(chunk_size=2000)
    )
    likes = Like.objects.filter(user=member).select_related("post__thread").order_by("pk")
    return {
        "format": EXPORT_FORMAT,
        "site": settings.FORUM_NAME,
        "exported_at": timezone.now(),
        "profile": {
            "id": member.pk,
            "username": member.username,
            "email": member.email,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=member).order_by("pk")
            ],
            "date_joined": member.date_joined,
            "last_login": member.last_login,
            "title": member.title,
            "location": member.location,
            "about": member.about,
            "website": member.website,
            "signature": member.signature,
            "avatar": member.avatar_url_2x or None,
            "time_zone": member.time_zone,
            "role": member.role,
            "messages": member.message_count,
            "likes_received": member.likes_received,
        },
        "threads_started": [
            {"id": thread.pk, "title": thread.title, "created_at": thread.created_at}
            for thread in Thread.objects.filter(starter=member).order_by("pk")
        ],
        "posts": [
            {
                "id": post.pk,
                "thread": {"id": post.thread_id, "title": post.thread.title},
                "number": post.position,
                "url": post.thread.get_position_url(post.position),
                "created_at": post.created_at,
                "edited_at": post.edited_at,
                "hidden": post.is_hidden,
                "source": post.body,
            }
            for post in posts
        ],
        "likes_given": [
            {
                "post": like.post_id,
                "thread": like.post.thread.title,
                "url": like.post.thread.get_position_url(like.post.position),
                "created_at": like.created_at,
            }
            for like in likes
        ],
    }


def deleted_member():
    """The account a deleted member's posts are shown under (made once, never logs in)."""
    placeholder, _ = User.objects.get_or_create(
        username=DELETED_MEMBER_NAME,
        defaults={"is_active": False, "password": make_password(None)},
    )
    return placeholder


def _setting(name, allowed):
    value = getattr(settings, name)
    if value not in allowed:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(allowed)}, not {value!r}.")
    return value


@transaction.atomic
def delete_member(*, member, by, reason=""):
    """Delete ``member``'s account: likes given taken back, posts shown as "Deleted member" or
    hidden (``FORUM_DELETED_MEMBER_POSTS``), the name freed or kept (``…_USERNAME``).

    Every counter stays exact. ``by`` is the member themselves or an administrator; an
    administrator's deletion is logged. Returns the number of posts the member had.
    """
    posts_mode = _setting("FORUM_DELETED_MEMBER_POSTS", POSTS_MODES)
    username_mode = _setting("FORUM_DELETED_MEMBER_USERNAME", USERNAME_MODES)
    # No lock on the member yet: every writer locks threads first, then members' rows (a like
    # takes the thread, then the post's author), and so does this, or the two would deadlock.
    member = User.objects.get(pk=member.pk)
    username = member.username
    # First, before any lock of its own: the receivers lock their rows (conversations) first
    # too in their own writes, and then members' rows, as this does after them.
    member_deleting.send(sender=User, member=member)
    if by.pk != member.pk:
        record(
            by=by,
            action=Action.DELETE_MEMBER,
            target=member,
            reason=reason,
            posts=posts_mode,
            username=username_mode,
        )
    # Likes first, each through the one writer of like counters (thread order, as it locks).
    for like in (
        Like.objects.filter(user=member)
        .select_related("post")
        .order_by("post__thread_id", "post_id")
    ):
        unlike_post(post=like.post, user=member)
    if posts_mode == "hide":
        hide_everything_of(member, by=by, reason=reason or "Account deleted")
    placeholder = deleted_member()
    thread_ids = set(Post.objects.filter(author=member).values_list("thread_id", flat=True))
    thread_ids |= set(Thread.objects.filter(starter=member).values_list("pk", flat=True))
    list(Thread.objects.select_for_update().filter(pk__in=thread_ids).order_by("pk").values("pk"))
    people = User.objects.select_for_update().filter(pk__in=[member.pk, placeholder.pk])
    list(people.order_by("pk").values("pk"))
    if member.avatar:
        remove_avatar(member=member, by=by)  # its files go once this commits
    count = Post.objects.filter(author=member).update(author=placeholder)
    Thread.objects.filter(starter=member).update(starter=placeholder)
    # Whatever else the member wrote and the forum keeps (their conversations' messages, from
    # an app above this one): every row that may not lose its author passes to the placeholder.
    # (related_name="+" hides a relation from related_objects: hidden ones are asked for.)
    for relation in User._meta.get_fields(include_hidden=True):
        if relation.one_to_many and getattr(relation, "on_delete", None) is models.PROTECT:
            rows = relation.related_model._default_manager.filter(**{relation.field.name: member})
            rows.update(**{relation.field.name: placeholder})
    # The placeholder's counters are its posts' (the deleted member's now join them).
    counters.fix_counters(User.objects.filter(pk=placeholder.pk))
    threads = list(Thread.objects.filter(pk__in=thread_ids).order_by("pk"))
    touch(
        threads=threads,
        boards=list(Board.objects.filter(threads__in=thread_ids).distinct()),
        members=[member, placeholder],
    )
    if username_mode == "free":
        member.delete()
    else:
        _empty_account(member)
    _unlink_mentions(username)
    return count


def _empty_account(member):
    """Keep only the name: no address, no way in, nothing of the profile."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=member).delete()
    User.objects.filter(pk=member.pk).update(
        email="",
        first_name="",
        last_name="",
        title="",
        location="",
        about="",
        website="",
        signature="",
        signature_html="",
        # Its posts and the likes they received went to "Deleted member".
        message_count=0,
        likes_received=0,
        imported_name="",
        imported_banner="",
        is_active=False,
        is_staff=False,
        is_superuser=False,
        password=make_password(None),
    )
    member.groups.clear()


def _unlink_mentions(username):
    """Posts mentioning ``@username`` keep the words, without a link to a profile that is gone."""
    pattern = re.compile(rf"@{re.escape(username)}\b", re.IGNORECASE)
    mentioning = Post.objects.filter(body__icontains=f"@{username}").select_related("thread")
    changed = []
    for post in mentioning.iterator(chunk_size=500):
        if not pattern.search(post.body):
            continue
        # Imported text that nobody edited here keeps its mentions as text (as rerender_posts).
        imported = post.thread.source_key and post.edited_by_id is None
        html = render_post_body(post.body, mentions=not imported)
        if html != post.body_html:
            post.body_html = html
            changed.append(post)
    Post.objects.bulk_update(changed, ["body_html"], batch_size=500)
    if changed:
        touch(threads=list({post.thread_id: post.thread for post in changed}.values()))
