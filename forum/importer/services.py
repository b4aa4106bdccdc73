"""Write a parsed XenForo thread into the forum."""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from accounts.roles import Role
from accounts.services import set_member_role
from forum.boards.models import Board, Category
from forum.importer.models import ImportedMember, ImportedPost
from forum.importer.pages import resolve_quotes, source_ids_quoted
from forum.markup import render_post_body, render_signature
from forum.posts import counters
from forum.posts.models import Post
from forum.threads.models import Thread

IMPORT_CATEGORY = "Imported"


def source_key(parsed):
    """A stable identity for a thread, so that importing it again, or another of its pages,
    from any format, finds it."""
    parts = [parsed.board, parsed.title, parsed.starter]
    if parsed.started_on is not None:
        parts.append(parsed.started_on.isoformat())
    return "xenforo1:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:40]


@dataclass
class ImportResult:
    thread: Thread
    created: bool
    added: int
    members: list = field(default_factory=list)


def _midnight(day):
    return datetime.combine(day, time(), tzinfo=UTC)


def _get_or_create_board(name):
    """The board called ``name`` (by name, or by slug as in ``--board news``), else a new one."""
    board = (
        Board.objects.filter(name=name).first()
        or Board.objects.filter(Q(name__iexact=name) | Q(slug=name)).order_by("pk").first()
    )
    if board is not None:
        return board
    category, _ = Category.objects.get_or_create(
        slug=slugify(IMPORT_CATEGORY), defaults={"name": IMPORT_CATEGORY}
    )
    return Board.objects.create(category=category, name=name, slug=_free_board_slug(name))


def _free_board_slug(name):
    # Another board may already own the slug ("Off-topic" and "Off topic"): add a number.
    base = slugify(name, allow_unicode=True)[:90] or "board"
    slug, number = base, 2
    while Board.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _get_or_create_member(parsed_member):
    """The member ``parsed_member`` is here: found by name, else created with no power.

    Names are compared as sign-up compares them (letter case aside). A member who signed up
    here keeps the posts of their name, as before; a member imported under another source
    name, or a name the import had to clean that someone else holds, is not theirs: the new
    member gets the next free ``name_2``, ``name_3``…
    """
    base = parsed_member.username
    for number in range(1, 1000):
        username = base if number == 1 else f"{base[:146]}_{number}"
        holder = (
            User.objects.filter(username__iexact=username)
            .order_by(Case(When(username=username, then=0), default=1), "pk")
            .first()
        )
        if holder is None:
            return _create_member(parsed_member, username)
        if _is_same_member(holder, parsed_member):
            if holder.imported_name:
                _update_member(holder, parsed_member)
            return holder
    raise ValueError(f"no free username for {parsed_member.source_name!r}")


def _is_same_member(holder, parsed_member):
    if holder.imported_name:
        return holder.imported_name.casefold() == parsed_member.source_name.casefold()
    # A member who signed up: the same name is the same person, unless the import had to
    # make this name up from another.
    return parsed_member.username == parsed_member.source_name


def _update_member(member, parsed_member):
    """Give an imported member the facts of the page read now, the most recent; a fact this
    page does not show keeps what an earlier page showed."""
    facts = {
        "title": parsed_member.title,
        "imported_banner": parsed_member.banner,
        "location": parsed_member.location,
        "imported_likes_received": parsed_member.likes_received,
        "imported_message_count": parsed_member.message_count,
    }
    if parsed_member.joined_on is not None:
        facts["date_joined"] = _midnight(parsed_member.joined_on)
    changed = [
        name
        for name, value in facts.items()
        if value not in (None, "") and getattr(member, name) != value
    ]
    for name in changed:
        setattr(member, name, facts[name])
    if changed:
        member.save(update_fields=changed)
    kept = ImportedMember.objects.filter(user=member).first()
    if kept is not None or parsed_member.other_banners:
        # A join date once shown stays known; the banners are those of the latest page.
        ImportedMember.objects.update_or_create(
            user=member,
            defaults={
                "joined_known": parsed_member.joined_on is not None
                or (kept is not None and kept.joined_known),
                "other_banners": list(parsed_member.other_banners),
            },
        )


def _create_member(parsed_member, username):
    # An imported member is a plain member, whatever banner the dump showed: a dump is text
    # anyone can write. The banner is kept to be shown; roles come only from an administrator
    # (``set_member_role``) once the account is claimed. Only "!" is stored as the password,
    # so nobody can log in as the member until an administrator hands the account over.
    member = User(
        username=username,
        imported_name=parsed_member.source_name,
        title=parsed_member.title,
        imported_banner=parsed_member.banner,
        location=parsed_member.location,
        # A page without "Joined" leaves the day the account was made here.
        **({"date_joined": _midnight(parsed_member.joined_on)} if parsed_member.joined_on else {}),
        # None (unknown) when the page does not show it (text dumps never hold a messages count).
        imported_likes_received=parsed_member.likes_received,
        imported_message_count=parsed_member.message_count,
    )
    member.password = "!"
    member.save()
    set_member_role(user=member, role=Role.MEMBER)
    if parsed_member.joined_on is None or parsed_member.other_banners:
        ImportedMember.objects.create(
            user=member,
            joined_known=parsed_member.joined_on is not None,
            other_banners=list(parsed_member.other_banners),
        )
    return member


@transaction.atomic
def import_parsed_thread(*, parsed, board_name=None):
    """Create the thread, or add the posts it lacks; create unknown members, update known
    imported ones. Posts already there (same source number) are left as they are, so a page
    imported twice, or two overlapping pages, change nothing."""
    key = source_key(parsed)
    thread = Thread.objects.select_for_update().filter(source_key=key).first()
    members = {}  # source name -> member
    for parsed_post in parsed.posts:
        name = parsed_post.author.source_name
        if name not in members:
            members[name] = _get_or_create_member(parsed_post.author)

    created = thread is None
    if created:
        board = _get_or_create_board(board_name or parsed.board)
        starter = members.get(parsed.starter) or members[parsed.posts[0].author.source_name]
        thread = Thread.objects.create(
            board=board,
            title=parsed.title,
            slug=slugify(parsed.title, allow_unicode=True)[:200] or "thread",
            starter=starter,
            created_at=_thread_start(parsed),
            source_key=key,
        )
        Thread.objects.filter(pk=thread.pk).index_titles_for_search()
    present = set(thread.posts.values_list("position", flat=True))
    new = [post for post in parsed.posts if post.position not in present]
    # Quotes of posts imported in an earlier run (another page) link to them too.
    earlier = dict(
        ImportedPost.objects.filter(
            post__thread=thread, source_id__in=source_ids_quoted(new)
        ).values_list("source_id", "post__position")
    )
    resolve_quotes(new, earlier, keep_unresolved=False)
    if new:
        _create_posts(thread, parsed, new, members)
        thread.posts.filter(position__in=[post.position for post in new]).index_for_search()
        counters.fix_counters(Thread.objects.filter(pk=thread.pk))
        counters.fix_counters(Board.objects.filter(pk=thread.board_id))
        counters.fix_counters(User.objects.filter(pk__in=[m.pk for m in members.values()]))
    _leave_out_imported_posts(parsed, members)
    _give_signatures(parsed, members)
    thread.refresh_from_db()
    return ImportResult(thread=thread, created=created, added=len(new), members=members)


def _leave_out_imported_posts(parsed, members):
    """Keep in ``imported_message_count`` the source's messages that were not imported.

    A page's "Messages: 12,345" counts the member's posts imported here, which the member's
    own count (posts here) counts too: shown as their sum, it would read 12,346. Only for a
    member nobody has claimed yet, whose every post here is imported.
    """
    shown = {}
    for parsed_post in parsed.posts:
        if parsed_post.author.message_count is not None:
            shown[parsed_post.author.source_name] = parsed_post.author.message_count
    for name, count in shown.items():
        member = User.objects.get(pk=members[name].pk)
        if not member.imported_name or member.has_usable_password():
            continue
        left = max(count - member.message_count, 0)
        if member.imported_message_count != left:
            User.objects.filter(pk=member.pk).update(imported_message_count=left)


def _give_signatures(parsed, members):
    """Give a member nobody has claimed the signature of their latest post in the pages, as
    the member's own (HTML alone: the source text stays theirs to write once they claim the
    account), so it shows under all their posts as XenForo showed it. Each imported post
    keeps the signature its page showed too (``ImportedPost``)."""
    latest = {}
    for parsed_post in parsed.posts:
        if parsed_post.signature:
            latest[parsed_post.author.source_name] = parsed_post.signature
    for name, signature in latest.items():
        member = members[name]
        if not member.imported_name or member.has_usable_password():
            continue
        html = render_signature(signature)
        if member.signature_html != html:
            User.objects.filter(pk=member.pk).update(signature_html=html)


def _thread_start(parsed):
    """The opening post's exact time when the page gives it, else the start day's midnight."""
    first = parsed.posts[0]
    if first.position == 1 and first.time_known and first.posted_at is not None:
        return first.posted_at
    if parsed.started_on is not None:
        return _midnight(parsed.started_on)
    return next((post.posted_at for post in parsed.posts if post.posted_at), timezone.now())


def _create_posts(thread, parsed, new, members):
    # A text dump shows no time for each post: such posts are dated the day they were
    # written (or the thread started), a second apart, so that their order by time is their
    # order in the thread. A post whose day is unknown takes the time of the post before it.
    started = _midnight(parsed.started_on) if parsed.started_on else thread.created_at
    previous = started
    rows, facts = [], []
    for order, parsed_post in enumerate(new):
        if parsed_post.posted_at is None:
            created_at = previous + timedelta(seconds=1) if order else started
        elif parsed_post.time_known:
            created_at = parsed_post.posted_at
        else:
            created_at = parsed_post.posted_at + timedelta(seconds=order)
        previous = created_at
        edited = parsed_post.edited_at
        if edited is not None and edited.tzinfo is None:
            edited = edited.replace(tzinfo=UTC)
        rows.append(
            Post(
                thread=thread,
                author=members[parsed_post.author.source_name],
                position=parsed_post.position,
                body=parsed_post.body,
                body_html=render_post_body(parsed_post.body, mentions=False),
                created_at=created_at,
                time_is_known=parsed_post.time_known,
                edited_at=edited,
            )
        )
        facts.append(parsed_post)
    # Mentions stay text: an imported "@name" meant a member of the source forum, and the same
    # name here may belong to someone else. Posts keep the source's numbers (a post missing
    # from the page leaves its number unused), so "#3" and quotes of "post:3" mean the same
    # post here as there.
    posts = Post.objects.bulk_create(rows)
    ImportedPost.objects.bulk_create(
        ImportedPost(
            post=post,
            day_known=not parsed_post.day_unknown,
            likers=parsed_post.likers,
            other_likes=parsed_post.other_likes,
            edit_note=parsed_post.edit_note[:300],
            signature=parsed_post.signature,
            signature_html=render_signature(parsed_post.signature),
            source_page=parsed_post.page,
            source_id=parsed_post.source_id,
        )
        for post, parsed_post in zip(posts, facts, strict=True)
        if _has_source_facts(parsed_post)
    )


def _has_source_facts(parsed_post):
    return bool(
        parsed_post.day_unknown
        or parsed_post.likers
        or parsed_post.other_likes is not None
        or parsed_post.edit_note
        or parsed_post.signature
        or parsed_post.page
        or parsed_post.source_id
    )
