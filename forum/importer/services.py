"""Write a parsed XenForo thread into the forum."""

import hashlib
from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.db.models import Case, Q, When
from django.utils.text import slugify

from accounts.models import User
from accounts.roles import Role
from accounts.services import set_member_role
from forum.boards.models import Board, Category
from forum.markup import render_post_body
from forum.posts import counters
from forum.posts.models import Post
from forum.threads.models import Thread

IMPORT_CATEGORY = "Imported"


def source_key(parsed):
    """A stable identity for a dumped thread, so that importing it again finds it."""
    identity = "\n".join(
        [parsed.board, parsed.title, parsed.starter, parsed.started_on.isoformat()]
    )
    return "xenforo1:" + hashlib.sha256(identity.encode()).hexdigest()[:40]


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
            return holder
    raise ValueError(f"no free username for {parsed_member.source_name!r}")


def _is_same_member(holder, parsed_member):
    if holder.imported_name:
        return holder.imported_name.casefold() == parsed_member.source_name.casefold()
    # A member who signed up: the same name is the same person, unless the import had to
    # make this name up from another.
    return parsed_member.username == parsed_member.source_name


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
        date_joined=_midnight(parsed_member.joined_on),
        # None (unknown) when the dump lost it; these dumps never hold a messages count.
        imported_likes_received=parsed_member.likes_received,
        imported_message_count=None,
    )
    member.password = "!"
    member.save()
    set_member_role(user=member, role=Role.MEMBER)
    return member


@transaction.atomic
def import_parsed_thread(*, parsed, board_name=None):
    """Create the thread, its posts and unknown members; return ``(thread, created)``.

    A thread imported before is found by its source key and left untouched.
    """
    key = source_key(parsed)
    existing = Thread.objects.filter(source_key=key).first()
    if existing is not None:
        return existing, False

    board = _get_or_create_board(board_name or parsed.board)
    members = {}  # source name -> member
    for parsed_post in parsed.posts:
        name = parsed_post.author.source_name
        if name not in members:
            members[name] = _get_or_create_member(parsed_post.author)
    starter = members.get(parsed.starter) or members[parsed.posts[0].author.source_name]

    # The dump shows no time for each post: they are dated the day the thread started, a
    # second apart, so that their order by time is their order in the dump.
    started = _midnight(parsed.started_on)
    thread = Thread.objects.create(
        board=board,
        title=parsed.title,
        slug=slugify(parsed.title, allow_unicode=True)[:200] or "thread",
        starter=starter,
        created_at=started,
        source_key=key,
    )
    # Mentions stay text: an imported "@name" meant a member of the source forum, and the same
    # name here may belong to someone else. Posts keep the source's numbers (a post missing
    # from the dump leaves its number unused), so "#3" and quotes of "post:3" mean the same
    # post here as there.
    Post.objects.bulk_create(
        Post(
            thread=thread,
            author=members[parsed_post.author.source_name],
            position=parsed_post.position,
            body=parsed_post.body,
            body_html=render_post_body(parsed_post.body, mentions=False),
            created_at=started + timedelta(seconds=order),
            time_is_known=False,
            edited_at=parsed_post.edited_at.replace(tzinfo=UTC) if parsed_post.edited_at else None,
        )
        for order, parsed_post in enumerate(parsed.posts)
    )
    thread.posts.all().index_for_search()
    Thread.objects.filter(pk=thread.pk).index_titles_for_search()
    counters.fix_counters(Thread.objects.filter(pk=thread.pk))
    counters.fix_counters(Board.objects.filter(pk=board.pk))
    counters.fix_counters(User.objects.filter(pk__in=[member.pk for member in members.values()]))
    thread.refresh_from_db()
    return thread, True
