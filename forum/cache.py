"""Whole pages for anonymous readers, kept in the cache that every app server shares (Redis).

A page is stored under a key made of what it shows: the ids and ``version`` numbers of its
thread or board (raised in the same transaction as every write that changes those pages), the
page number, and the names a page prints from rows the view has fetched anyway. A write
therefore changes the key, and the next reader gets a freshly rendered page at once; nothing
has to be deleted, and app servers never disagree. What no version covers (a member's counters
in an author panel, a username changed in the admin) can lag by ``FORUM_PAGE_CACHE_SECONDS``.

Only visitors who carry no session cookie share pages: they cannot be logged in and have no
messages waiting, so their page holds nothing of their own. Everyone else gets a page rendered
for them. A rendered page that turns out to be personal after all (it asked for a CSRF token
or wrote to the session) is not stored.
"""

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.backends.utils import csrf_input_lazy
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.crypto import salted_hmac
from django.utils.safestring import mark_safe

from forum.jinja2 import csrf_input, render_fragment


def is_shared_visitor(request):
    """Whether ``request`` may be answered with the page every anonymous reader gets."""
    return (
        settings.FORUM_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


# ---- Versions ---------------------------------------------------------------------------------
# A page's key holds the versions of what it shows, so a write makes the next reader render it
# afresh. ``touch`` is the only writer of versions (with ``with_new_version``, the same raise
# joined to a service's own UPDATE of the row): every service, command and admin action that
# changes what a page shows calls one of them, in the transaction of its write.

MEMBERS_STAMP_KEY = "forum:members-stamp"


def touch(*, threads=(), boards=(), members=(), permissions=False):
    """Make every cached page that shows any of ``threads``, ``boards`` or ``members`` stale.

    ``threads`` and ``boards`` are model instances whose ``version`` is raised (one UPDATE per
    kind); a member (their name, title, role, ban, counters) shows on the pages of every thread
    they wrote in, too many to raise one by one, so a change to any member raises one stamp
    that every shared page's key holds: such changes are rare, and the pages refill.
    ``permissions``: a group's permissions changed, so every member's cached permission names
    (``cached_permissions``, checked against the same stamp) are stale.
    """
    for rows in (threads, boards):
        rows = [row for row in rows if row is not None]
        if rows:
            manager = type(rows[0])._default_manager
            manager.filter(pk__in={row.pk for row in rows}).update(version=F("version") + 1)
    if members or permissions:
        _raise_members_stamp()
        # Again once the write commits: a page rendered in between, from the rows as they were
        # before, would otherwise be kept under the new stamp.
        transaction.on_commit(_raise_members_stamp)


def with_new_version(**fields):
    """``fields`` and a raised ``version``, for a service's own UPDATE of a thread or board row
    that changes what its pages show: what ``touch`` does, without a second UPDATE of the row
    (``Thread.objects.filter(pk=...).update(**with_new_version(reply_count=...))``)."""
    return {**fields, "version": F("version") + 1}


def _raise_members_stamp():
    try:
        cache.incr(MEMBERS_STAMP_KEY)
    except ValueError:
        # No stamp yet (a new or emptied cache): any new value differs from "none".
        cache.set(MEMBERS_STAMP_KEY, 1, None)


def members_stamp():
    """The stamp ``touch(members=...)`` raises (0 while no member has changed)."""
    return cache.get(MEMBERS_STAMP_KEY, 0)


def page_key(*parts):
    """The cache key of a page identified by ``parts`` (ids, versions, page number...)."""
    identity = repr((settings.FORUM_RELEASE, *parts)).encode()
    return "page:" + hashlib.blake2b(identity, digest_size=16).hexdigest()


def _is_personal(request, response):
    session = getattr(request, "session", None)
    return (
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
    )


def shared_page(request, key_parts, render_page):
    """The response of ``render_page()``, from the shared cache for anonymous visitors.

    ``key_parts`` must name everything the page shows that a write can change; it may be a
    function, called only when the page can be shared.
    """
    if not is_shared_visitor(request):
        return render_page()
    if callable(key_parts):
        key_parts = key_parts()
    # The address as asked (scheme and host too): pages carry absolute links (rel=canonical).
    key = page_key(request.build_absolute_uri(request.path), members_stamp(), *key_parts)
    body = cache.get(key)
    if body is not None:
        response = HttpResponse(body)
    else:
        response = render_page()
        if response.status_code == 200 and not _is_personal(request, response):
            cache.set(key, response.content, settings.FORUM_PAGE_CACHE_SECONDS)
    # The same URL shows a member their own page: caches downstream must tell the two apart.
    patch_vary_headers(response, ["Cookie"])
    return response


# What each page shows that a write can change. Versions cover the rows a page lists; names are
# taken from rows the view has fetched anyway, so a rename in the admin shows at once too. The
# index is keyed on ``Board.objects.index_version()`` alone: fetching its boards to read their
# names would cost as much as rendering it, so a board or category renamed in the admin shows
# there within FORUM_PAGE_CACHE_SECONDS.


def _board_names(board):
    category = board.category
    return (
        board.pk,
        board.version,
        board.name,
        board.slug,
        board.description,
        category.pk,
        category.name,
        category.slug,
    )


def board_page_parts(board, page):
    return (*_board_names(board), page)


def thread_page_parts(thread, page):
    board = thread.board
    return (
        thread.pk,
        thread.version,
        page,
        board.pk,
        board.name,
        board.slug,
        board.category.name,
        board.category.slug,
    )


def profile_parts(member, listed_posts):
    """``listed_posts``: (post id, thread version, board name) of each post the page lists."""
    return (
        member.pk,
        member.username,
        member.title,
        member.role,
        member.location,
        member.date_joined,
        member.message_count,
        member.imported_message_count,
        member.likes_received,
        member.imported_likes_received,
        member.imported_banner,
        member.imported_name,
        [tuple(row) for row in listed_posts],
    )


# Author panels: the one part of a post that is the same for every reader of every page, and a
# quarter of a thread page's rendering. Keyed on what the panel shows, so never out of date.


def panel_facts(member):
    """Everything ``posts/_author_panel.html`` shows of ``member``."""
    return (
        member.pk,
        member.username,
        member.title,
        member.role,
        member.location,
        member.date_joined,
        member.message_count,
        member.imported_message_count,
        member.likes_received,
        member.imported_likes_received,
        member.imported_banner,
        member.avatar,
        _imported_facts(member),
    )


def _imported_facts(member):
    # The importer's row beside an imported member (a reverse relation: no import of the app).
    try:
        facts = member.imported_facts
    except ObjectDoesNotExist:
        return None
    return (facts.joined_known, tuple(facts.other_banners))


def panel_context(member):
    """What ``posts/_author_panel.html`` takes: ``member``, and ``facts``, the importer's row
    beside an imported member or None. Read here, once: a template asking a missing reverse
    one-to-one row fails slowly (Django lists the object's attributes to tell why)."""
    return {"member": member, "facts": getattr(member, "imported_facts", None)}


def author_panels(members):
    """``{member pk: rendered panel}`` for ``members``, from the shared cache in one round trip;
    panels not found are rendered and stored."""
    if settings.FORUM_PAGE_CACHE_SECONDS <= 0:
        return {member.pk: _render_panel(member) for member in members}
    # The time zone in force: a member's own (accounts.middleware) dates the panel differently.
    zone = timezone.get_current_timezone_name()
    keys = {member.pk: page_key("panel", zone, *panel_facts(member)) for member in members}
    found = cache.get_many(keys.values())
    panels, missing = {}, {}
    for member in members:
        key = keys[member.pk]
        if key in found:
            panels[member.pk] = mark_safe(found[key])  # noqa: S308 (rendered by our template)
        else:
            panels[member.pk] = missing[key] = _render_panel(member)
    if missing:
        cache.set_many(missing, settings.FORUM_PAGE_CACHE_SECONDS)
    return panels


def _render_panel(member):
    return render_fragment("posts/_author_panel.html", panel_context(member))


def cached_permissions(member, load):
    """``member``'s permission names (``load()`` when the cache lacks them), kept under their
    role and flags and checked against the members' stamp, both read in one round trip."""
    if settings.FORUM_PAGE_CACHE_SECONDS <= 0:
        return load()
    key = page_key("permissions", member.pk, member.role, member.is_superuser, member.is_staff)
    found = cache.get_many([MEMBERS_STAMP_KEY, key])
    stamp = found.get(MEMBERS_STAMP_KEY, 0)
    stored = found.get(key)
    if stored is not None and stored[0] == stamp:
        return stored[1]
    names = set(load())
    cache.set(key, (stamp, names), settings.FORUM_PAGE_CACHE_SECONDS)
    return names


def rate_key(scope, who, window):
    """The key counting ``who``'s uses of ``scope`` in one window (``forum.ratelimit``)."""
    return f"rate:{scope}:{who}:{window}"


# A member's thread page is rendered for them, and its 20 posts are most of that work. What a
# post shows depends on the viewer only through what they may do with it (``post.may``), whether
# they like it, and whether they are logged in; members who share those share the post's HTML.
# Each post is keyed on everything it shows, so no version has to cover it; the CSRF tokens of
# its forms are left as a slot and filled in per request.

CSRF_SLOT_SALT = "forum.cache.post_html"


def _csrf_slot():
    # Derived from SECRET_KEY, so every app server agrees on it and no member can write it in a
    # post to have a token put there.
    return "csrf-slot-" + salted_hmac(CSRF_SLOT_SALT, "csrf", algorithm="sha256").hexdigest()


def post_facts(request, thread, post):
    """Everything ``posts/_post.html`` shows of ``post`` on ``thread``'s page, for ``request``
    (whatever that template comes to show must be added here)."""
    summary = post.like_summary
    return (
        post.pk,
        post.position,
        post.created_at,
        post.time_is_known,
        post.edited_at,
        post.is_hidden,
        post.awaiting_approval,
        # Who hid it, when and why: read only for hidden posts, which only moderators see.
        (post.hidden_by.username if post.hidden_by else None, post.hidden_at, post.hidden_reason)
        if post.is_hidden
        else None,
        post.body_html,
        post.like_count,
        tuple(summary.likers),
        summary.others,
        panel_facts(post.author),
        # The author's signature, unless the reader hides them all; dates in the reader's zone.
        None if getattr(request.user, "hide_signatures", False) else post.author.signature_html,
        timezone.get_current_timezone_name(),
        thread.pk,
        thread.is_locked,
        post.may,
        post.liked_by_viewer,
        # Folded away for a reader who ignores its author.
        getattr(post, "ignored", False),
        request.user.is_authenticated,
        # The restore form sends the moderator back to the page they came from.
        request.get_full_path() if post.may.restore else None,
    )


def attach_post_html(request, thread, posts):
    """Set ``html`` on each of ``posts`` (prepared for ``posts/thread_detail.html``): their
    ``posts/_post.html``, from the shared cache in one round trip; posts not found are rendered
    and stored."""
    if settings.FORUM_PAGE_CACHE_SECONDS <= 0:
        rendered = _render_posts(request, thread, posts, csrf_input_lazy(request))
        for post, html in zip(posts, rendered, strict=True):
            post.html = html
        return posts
    keys = [page_key("post", *post_facts(request, thread, post)) for post in posts]
    found = cache.get_many(keys)
    missing = [(post, key) for post, key in zip(posts, keys, strict=True) if key not in found]
    if missing:
        slot = csrf_input(_csrf_slot())
        rendered = _render_posts(request, thread, [post for post, _ in missing], slot)
        fresh = {key: html for (_, key), html in zip(missing, rendered, strict=True)}
        found.update(fresh)
        cache.set_many(fresh, settings.FORUM_PAGE_CACHE_SECONDS)
    # Only the hidden inputs that {{ csrf_input }} wrote take the token: a post body can hold
    # the slot too (in an image address), but never this markup, which the sanitiser drops.
    slot, token = csrf_input(_csrf_slot()), None
    for post, key in zip(posts, keys, strict=True):
        html = found[key]
        if slot in html:
            # One masked token serves every form of the page, as any masking of the secret does.
            token = token or csrf_input(get_token(request))
            html = html.replace(slot, token)
        post.html = mark_safe(html)  # noqa: S308 (rendered by our template)
    return posts


def _render_posts(request, thread, posts, csrf):
    """The ``posts/_post.html`` of each of ``posts``, whose forms carry ``csrf``."""
    context = {
        "thread": thread,
        "user": request.user,
        "request": request,
        "reply_url": reverse("posts:reply", args=[thread.pk]),
        "author_panels": author_panels({post.author for post in posts}),
        "csrf_input": csrf,
    }
    return [render_fragment("posts/_post.html", {**context, "post": post}) for post in posts]


def shared_cache_available():
    """Whether the shared cache answers now; a cache that cannot be away (local memory) does.

    Logins ask it first: their limits live in the cache, and with it away they could not be
    counted, so logins wait for it (fail closed) rather than allow unlimited guessing.
    """
    is_available = getattr(cache, "is_available", None)
    return is_available() if is_available is not None else True
