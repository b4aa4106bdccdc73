"""Write a parsed XenForo thread into the forum."""

import hashlib
from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from accounts.models import User
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
    member = User.objects.filter(username=parsed_member.username).first()
    if member is not None:
        return member
    member = User(
        username=parsed_member.username,
        title=parsed_member.title,
        location=parsed_member.location,
        date_joined=_midnight(parsed_member.joined_on),
        imported_likes_received=parsed_member.likes_received or 0,
    )
    # Only "!" is stored, so the member cannot log in until they reset a password.
    member.password = "!"
    member.save()
    set_member_role(user=member, role=parsed_member.role)
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
    members = {}
    for parsed_post in parsed.posts:
        name = parsed_post.author.username
        if name not in members:
            members[name] = _get_or_create_member(parsed_post.author)
    starter = members.get(parsed.starter) or members[parsed.posts[0].author.username]

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
    # name here may belong to someone else.
    Post.objects.bulk_create(
        Post(
            thread=thread,
            author=members[parsed_post.author.username],
            position=position,
            body=parsed_post.body,
            body_html=render_post_body(parsed_post.body, mentions=False),
            created_at=started + timedelta(seconds=position - 1),
            time_is_known=False,
            edited_at=parsed_post.edited_at.replace(tzinfo=UTC) if parsed_post.edited_at else None,
        )
        for position, parsed_post in enumerate(parsed.posts, start=1)
    )
    counters.fix_counters(Thread.objects.filter(pk=thread.pk))
    counters.fix_counters(Board.objects.filter(pk=board.pk))
    counters.fix_counters(User.objects.filter(pk__in=[member.pk for member in members.values()]))
    thread.refresh_from_db()
    return thread, True
