"""Read the text dump of a XenForo 1.x thread page into plain data.

Pure: no database, no files. ``parse_thread_dump(text)`` returns a ``ParsedThread`` or raises
``DumpError`` naming the problem and the line. What the dump lost or left unclear is reported
in ``ParsedThread.warnings`` rather than guessed at silently.

The shape of a dump, as the browser's "save as text" gives it::

    Thread title

    Discussion in 'Board' started by Name, Oct 17, 2015.

      1. Name                      <- post number line (may be missing; numbers may skip)

        Name Custom Title Banner   <- member line: username, title, role banner

        Mar 24, 2009               <- join date
        Likes Received:
        1,204                      <- likes count (optional)
        City, Country              <- location (optional)
        First paragraph of the post…

        Name said: ↑               <- a quote, up to "Click to expand..."
        …
        Click to expand...
        Last edited: Oct 18, 2015  <- optional
      2. Other

    Share This Page
"""

import re
from dataclasses import dataclass
from datetime import datetime

from forum.importer.common import BANNERS, acceptable_username
from forum.importer.structure import (
    MAX_LENGTHS,
    DumpError,
    DumpWarning,
    ParsedMember,
    ParsedPost,
    ParsedThread,
)
from forum.markup import escape_plain_text

__all__ = [
    "MAX_LENGTHS",
    "DumpError",
    "DumpWarning",
    "ParsedMember",
    "ParsedPost",
    "ParsedThread",
    "parse_thread_dump",
]

DATE_FORMAT = "%b %d, %Y"

_DATE = r"[A-Z][a-z]{2} \d{1,2}, \d{4}"
_DISCUSSION = re.compile(
    rf"^Discussion in '(?P<board>.+)' started by (?P<starter>.+), (?P<date>{_DATE})\.?$"
)
_JOIN_DATE = re.compile(rf"^{_DATE}$")
_NUMBER_LINE = re.compile(r"^  (?P<number>\d+)\. (?P<username>\S.*)$")
_LIKES_LABEL = "Likes Received:"
_LIKES_COUNT = re.compile(r"^\d{1,3}(,\d{3})*$|^\d+$")
_QUOTE_START = re.compile(r"^(?P<name>.+?) said:\s*↑?$")
_QUOTE_END = "Click to expand..."
_LAST_EDITED = re.compile(
    rf"^Last edited(?: by a moderator)?: (?P<date>{_DATE})"
    r"(?: at (?P<time>\d{1,2}:\d{2} [AP]M))?$"
)
_FOOTER = "Share This Page"
# A first body line ending like this is a sentence (or a greeting: "Yusuf,"), not a location.
_SENTENCE_END = tuple(".,!?:;…\"'”’)")


@dataclass
class _Header:
    """Where a post's header lines are; indexes are 0-based into the dump's lines."""

    start: int
    number: int | None
    username: str | None
    member_line: int
    joined_line: int


def parse_thread_dump(text):
    """Parse a XenForo 1.x thread dump; raise ``DumpError`` if it cannot be imported whole."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    warnings = []

    title_index = _next_filled(lines, 0)
    if title_index is None:
        raise DumpError("the dump is empty", 1)
    title = lines[title_index].strip()
    if _DISCUSSION.match(title):
        raise DumpError(
            "no thread title: the dump starts with its 'Discussion in' line", title_index + 1
        )
    title = _clipped("thread title", title, title_index, warnings)

    discussion_index = _next_filled(lines, title_index + 1)
    discussion = _DISCUSSION.match(lines[discussion_index].strip()) if discussion_index else None
    if discussion is None:
        raise DumpError(
            "no \"Discussion in 'Board' started by Name, Date.\" line after the title",
            (discussion_index or title_index) + 1,
        )

    board = _clipped("board name", discussion["board"].strip(), discussion_index, warnings)

    headers = _find_headers(lines, discussion_index + 1, warnings)
    if not headers:
        raise DumpError("no posts after the 'Discussion in' line", discussion_index + 1)

    footer = next(
        (i for i in range(headers[-1].joined_line, len(lines)) if lines[i].strip() == _FOOTER), None
    )
    if footer is None:
        last = _next_filled(lines, headers[-1].start) + 1
        # The last line that holds text, not a trailing newline's empty "line".
        end = next(i for i in range(len(lines) - 1, -1, -1) if lines[i].strip())
        raise DumpError(
            f"the dump ends without XenForo's '{_FOOTER}' line: the last post (from line "
            f"{last}) is truncated",
            end + 1,
        )

    known_names = {discussion["starter"]} | {h.username for h in headers if h.username}
    positions = _positions(headers, warnings)
    posts = []
    for index, header in enumerate(headers):
        end = headers[index + 1].start if index + 1 < len(headers) else footer
        posts.append(
            _parse_post(lines, header, positions[index], end, known_names, posts, warnings)
        )

    if posts[0].author.username != discussion["starter"]:
        warnings.append(
            DumpWarning(
                headers[0].member_line + 1,
                f"the thread was started by {discussion['starter']} but its first post is "
                f"by {posts[0].author.username}",
            )
        )
    _give_usernames(posts, headers, warnings)
    warnings.sort(key=lambda warning: warning.line)
    return ParsedThread(
        title=title,
        board=board,
        starter=discussion["starter"].strip(),
        started_on=_parse_date(discussion["date"], discussion_index),
        posts=posts,
        warnings=warnings,
        source_format="Firefox text",
    )


def _clipped(what, value, index, warnings):
    """``value`` cut to what the field holds, with a warning: a long title is no reason to
    refuse a whole thread."""
    limit = MAX_LENGTHS[what]
    if len(value) <= limit:
        return value
    warnings.append(
        DumpWarning(index + 1, f"the {what} is {len(value)} characters long; clipped to {limit}")
    )
    return value[:limit]


def _check_length(what, value, index):
    limit = MAX_LENGTHS[what]
    if len(value) > limit:
        raise DumpError(f"the {what} is {len(value)} characters long ({limit} at most)", index + 1)


def _next_filled(lines, start):
    return next((i for i in range(start, len(lines)) if lines[i].strip()), None)


def _parse_date(value, index):
    try:
        return datetime.strptime(value, DATE_FORMAT).date()
    except ValueError:
        raise DumpError(f"'{value}' is not a date", index + 1) from None


def _member_header_at(lines, index):
    """The index of the join date line if ``lines[index]`` opens a member header, else None."""
    if not lines[index].strip() or _NUMBER_LINE.match(lines[index]):
        return None
    joined = _next_filled(lines, index + 1)
    if joined is None or not _JOIN_DATE.match(lines[joined].strip()):
        return None
    if joined + 1 >= len(lines) or lines[joined + 1].strip() != _LIKES_LABEL:
        return None
    return joined


def _find_headers(lines, start, warnings):
    headers = []
    index = start
    while index < len(lines):
        number_line = _NUMBER_LINE.match(lines[index])
        if number_line:
            username = number_line["username"].strip()
            member = _next_filled(lines, index + 1)
            joined = _member_header_at(lines, member) if member is not None else None
            if joined is None:
                raise DumpError(
                    f"post #{number_line['number']} by {username} is truncated: its member line, "
                    f"join date and '{_LIKES_LABEL}' do not follow",
                    index + 1,
                )
            if not lines[member].strip().startswith(username):
                warnings.append(
                    DumpWarning(
                        member + 1,
                        f"post #{number_line['number']} is numbered for {username} but its "
                        "member line names someone else; kept the number line's name",
                    )
                )
            headers.append(_Header(index, int(number_line["number"]), username, member, joined))
            index = joined + 2
            continue
        if lines[index].strip() == _FOOTER:
            break
        joined = _member_header_at(lines, index)
        if joined is not None:
            headers.append(_Header(index, None, None, index, joined))
            index = joined + 2
            continue
        index += 1
    return headers


def _parse_member(lines, header, known_names, warnings):
    member_line = lines[header.member_line].strip()
    username = header.username
    if username is None:
        matches = [name for name in known_names if member_line.startswith(name + " ")]
        username = max(matches, key=len) if matches else member_line.split()[0]
        warnings.append(
            DumpWarning(
                header.member_line + 1,
                f"a post has no number line; its author is taken to be {username}",
            )
        )
    _check_length("username", username, header.start if header.username else header.member_line)
    rest = member_line[len(username) :].strip() if member_line.startswith(username) else ""
    title, shown_banner = rest, ""
    for banner in BANNERS:
        if rest == banner or rest.endswith(" " + banner):
            title = rest[: -len(banner)].strip() or banner
            shown_banner = banner
            break
    title = _clipped("custom title", title, header.member_line, warnings)
    joined_on = _parse_date(lines[header.joined_line].strip(), header.joined_line)
    return ParsedMember(
        username=username,
        title=title,
        banner=shown_banner,
        joined_on=joined_on,
        source_name=username,
    )


def _looks_like_location(line):
    return (
        len(line) <= 60
        and len(line.split()) <= 6
        and not line.endswith(_SENTENCE_END)
        and not _QUOTE_START.match(line)
        and not line.islower()
    )


def _parse_post(lines, header, post_position, end, known_names, earlier_posts, warnings):
    author = _parse_member(lines, header, known_names, warnings)
    index = header.joined_line + 2  # past the join date and "Likes Received:"
    if index < end and _LIKES_COUNT.match(lines[index].strip()):
        author.likes_received = int(lines[index].strip().replace(",", ""))
        index += 1

    body_lines = [line.strip() for line in lines[index:end]]
    while body_lines and not body_lines[-1]:
        body_lines.pop()
    if body_lines and body_lines[0] and _looks_like_location(body_lines[0]):
        only_line = len(body_lines) == 1
        followed_by_text = len(body_lines) > 1 and body_lines[1]
        if followed_by_text or (only_line and "," in body_lines[0]):
            author.location = body_lines.pop(0)
            if only_line:
                warnings.append(
                    DumpWarning(
                        index + 1,
                        f"took '{author.location}' as {author.username}'s location; the "
                        "post's own text is missing from the dump",
                    )
                )

    edited_at = None
    for position, line in enumerate(body_lines):
        edited = _LAST_EDITED.match(line)
        if edited:
            stamp = edited["date"] + (" " + edited["time"] if edited["time"] else "")
            edited_at = datetime.strptime(
                stamp, DATE_FORMAT + (" %I:%M %p" if edited["time"] else "")
            )
            del body_lines[position]
            break

    body = _to_markup(body_lines, index, author, earlier_posts, warnings)
    if not body:
        warnings.append(
            DumpWarning(header.start + 1, f"the post by {author.username} has no text in the dump")
        )
    return ParsedPost(
        line=header.start + 1,
        number=header.number,
        position=post_position,
        author=author,
        body=body,
        edited_at=edited_at,
    )


def paragraphs(lines):
    """Join lines into Markdown paragraphs, keeping the dump's line breaks as hard breaks."""
    paragraphs, current = [], []
    for line in [*lines, ""]:
        if line:
            # Markdown would show "&amp;" as "&" and "&copy;" as "©"; the dump meant them as typed.
            current.append(escape_plain_text(line).replace("&", "\\&"))
        elif current:
            paragraphs.append("\\\n".join(current))
            current = []
    return "\n\n".join(paragraphs)


def _to_markup(body_lines, first_index, author, earlier_posts, warnings):
    blocks, plain = [], []
    position = 0
    while position < len(body_lines):
        quote = _QUOTE_START.match(body_lines[position])
        closing = None
        if quote:
            closing = next(
                (i for i in range(position + 1, len(body_lines)) if body_lines[i] == _QUOTE_END),
                None,
            )
            if closing is None:
                warnings.append(
                    DumpWarning(
                        first_index + position + 1,
                        f"'{body_lines[position]}' opens a quote that never ends with "
                        f"'{_QUOTE_END}'; kept as text",
                    )
                )
        if closing is None:
            plain.append(body_lines[position])
            position += 1
            continue
        blocks.append(paragraphs(plain))
        plain = []
        quoted_lines = body_lines[position + 1 : closing]
        name = re.sub(r'["\]\[]', "", quote["name"]).strip()
        attribution = name
        source = find_quoted_post(name, quoted_lines, earlier_posts)
        if source:
            attribution += f", post:{source}"
        blocks.append(f'[quote="{attribution}"]\n{paragraphs(quoted_lines)}\n[/quote]')
        position = closing + 1
    blocks.append(paragraphs(plain))
    return "\n\n".join(block for block in blocks if block)


def find_quoted_post(name, quoted_lines, earlier_posts):
    """The position of the earlier post by ``name`` that holds the quoted text, if any."""
    wanted = " ".join(" ".join(quoted_lines).split())[:80]
    if not wanted:
        return None
    for post in reversed(earlier_posts):
        if post.author.source_name == name and wanted in _plain(post.body):
            return post.position
    return None


def _plain(markup):
    """The text of a post's markup, unescaped, for finding quoted passages."""
    text = re.sub(r"\\\n", " ", markup)
    text = re.sub(r"\\(.)", r"\1", text)
    return " ".join(text.split())


def _positions(headers, warnings):
    """The number each post gets here: its source number, so that "#3" and quotes naming
    ``post:3`` mean the same post as in the source, and a post without a number line the one
    after the post before it. Numbers that cannot all be kept (out of order, or no number left
    for a post without one) give way to 1, 2, 3… in the dump's order, with a warning."""
    positions, previous = [], 0
    for index, header in enumerate(headers):
        number = header.number
        if number is None:
            number = previous + 1
            following = next((h.number for h in headers[index + 1 :] if h.number), None)
            if following is not None and number >= following:
                return _renumbered(headers, header, warnings)
            around = f", between #{previous} and #{following}" if previous and following else ""
            warnings.append(
                DumpWarning(
                    header.member_line + 1,
                    f"a post has no number line; it is numbered #{number}{around}",
                )
            )
        elif number <= previous:
            warnings.append(DumpWarning(header.start + 1, f"post #{number} is out of order"))
            return _renumbered(headers, header, warnings)
        elif number > previous + 1:
            missing = number - previous - 1
            warnings.append(
                DumpWarning(
                    header.start + 1,
                    f"post numbers jump to #{number}: {missing} post(s) before it are "
                    "not in the dump",
                )
            )
        positions.append(number)
        previous = number
    return positions


def _renumbered(headers, at, warnings):
    # The warnings given so far about numbers described numbers that are no longer kept.
    warnings[:] = [
        warning
        for warning in warnings
        if not warning.message.startswith(
            ("post numbers jump", "a post has no number line; it is numbered")
        )
    ]
    warnings.append(
        DumpWarning(
            at.start + 1,
            "the source's post numbers cannot all be kept; the posts are numbered 1 to "
            f"{len(headers)} in the dump's order",
        )
    )
    return list(range(1, len(headers) + 1))


def _give_usernames(posts, headers, warnings):
    """Give each author the username they get here, from their name in the dump.

    A username is what sign-up accepts (allauth's validators and blacklist), after Django's
    own NFKC normalisation, so a source name is never a way around the rules members sign up
    under. A name that fails is made into one that passes, with a warning naming it once.
    """
    warned = set()
    for post, header in zip(posts, headers, strict=True):
        name = post.author.source_name
        post.author.username, refusal = acceptable_username(name)
        if post.author.username != name and name not in warned:
            warned.add(name)
            warnings.append(
                DumpWarning(
                    header.member_line + 1,
                    f"{name!r} cannot be a username here ({refusal}); it becomes "
                    f"{post.author.username!r}",
                )
            )
