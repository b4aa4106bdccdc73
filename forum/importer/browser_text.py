"""Read the text Chromium or Chrome give of a XenForo thread page (select all and copy, or a
page's inner text).

The shape, keyed on what XenForo writes rather than on line numbers::

    Log in or Sign up / site name / breadcrumbs     <- chrome, skipped
    Thread title
    Discussion in 'Board' started by Name, Jun 30, 2018.
    Page 1 of 135, page links, a poll               <- skipped (a poll with a warning)
    Name                                            <- the author's name opens the post
    Name Custom Title Staff Member Administrator    <- the header, run together or one a line
    Joined:                                         <- label, then value on the next line
    Mar 24, 2009
    …body…                                          <- "X said: ↑" / "X: ↑" … "Click to expand..."
    Name, Jun 30, 2018 at 2:23 PM                   <- the footer: name and date,
    #1                                              <- the post number,
    Like Reply Report                               <- controls (optional),
    A, B and 7 others like this.                    <- the likes line (optional)
    (You must log in or sign up to reply here.)     <- chrome, skipped

Whatever stands between a footer and the next author's name (a sponsor block) is skipped with
a warning naming it.
"""

import re

from forum.importer.common import (
    DATE_TEXT,
    KNOWN_BANNERS,
    clip,
    give_usernames,
    is_banner,
    number_posts,
    parse_count,
    parse_likes,
    read_date,
    split_banners,
)
from forum.importer.parser import find_quoted_post, paragraphs
from forum.importer.structure import DumpError, DumpWarning, ParsedMember, ParsedPost, ParsedThread

_DISCUSSION = re.compile(
    rf"^Discussion in '(?P<board>.+)' started by (?P<starter>.+), (?P<date>{DATE_TEXT})\.?$"
)
_CONTROL_WORDS = (
    r"(?:Like|Unlike|Reply|\+ Quote|Quote|Report|Edit|Delete|IP|Spam|Warn|History|Share)"
)
# A logged-in member's page puts Edit, Report… after the date, on the same line.
_FOOTER = re.compile(rf"^(?P<name>.+), (?P<date>{DATE_TEXT})(?:\s+{_CONTROL_WORDS})*$")
_NUMBER = re.compile(r"^#(?P<number>\d[\d,]*)$")
_CONTROLS = re.compile(rf"^(?:{_CONTROL_WORDS}\s*)+$")
_LIKES = re.compile(r"\blikes? this\.?$")
_PAGE = re.compile(r"^Page (?P<page>\d+) of (?P<last>\d+)$")
# The labels of a member's facts. Only these: a post's first line "Sources:" is text.
_LABEL = re.compile(
    r"^(?P<label>Joined|Messages|Posts|Likes Received|Reaction score|Points|Trophy Points"
    r"|Location|Gender|Occupation|Home Page|Website|Age|Solutions|Credits|Ratings):?$",
    re.IGNORECASE,
)
_QUOTE_START = re.compile(r"^(?P<name>.+?)(?: said)?:\s*↑$")
_QUOTE_END = "Click to expand..."
_LIST_NUMBER = re.compile(r"^\d+\. (?P<rest>.+)$")
_LAST_EDITED = re.compile(r"^Last edited(?: by a moderator)?: (?P<date>.+)$")


def looks_like_browser_text(text):
    """A "Discussion in" line, and a post footer: a "Name, Date" line before a "#N" line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not any(_DISCUSSION.match(line) for line in lines):
        return False
    return any(
        _FOOTER.match(line) and _NUMBER.match(following)
        for line, following in zip(lines, lines[1:], strict=False)
    )


def parse_browser_text(text, *, saved_on=None):
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    warnings = []
    discussion_index = next((i for i, line in enumerate(lines) if _DISCUSSION.match(line)), None)
    if discussion_index is None:
        raise DumpError("no \"Discussion in 'Board' started by Name, Date.\" line")
    discussion = _DISCUSSION.match(lines[discussion_index])
    title_index = _previous_filled(lines, discussion_index)
    if title_index is None:
        raise DumpError("no thread title before the 'Discussion in' line", discussion_index + 1)
    title = clip("thread title", lines[title_index], warnings, "the thread")
    started, _, _ = read_date(discussion["date"], saved_on=saved_on)

    page = last_page = None
    footers = []
    index = discussion_index + 1
    while index < len(lines):
        paged = _PAGE.match(lines[index])
        if paged and page is None:
            page, last_page = int(paged["page"]), int(paged["last"])
        footer = _FOOTER.match(lines[index])
        number_index = _next_filled(lines, index + 1)
        if footer and number_index is not None and _NUMBER.match(lines[number_index]):
            footers.append((index, number_index))
            index = number_index + 1
            continue
        index += 1
    if not footers:
        raise DumpError("no posts after the thread header", discussion_index + 1)

    posts = []
    start = discussion_index + 1
    for footer_index, number_index in footers:
        footer = _FOOTER.match(lines[footer_index])
        post, end = _read_post(
            lines, start, footer_index, number_index, footer, posts, saved_on, warnings
        )
        post.page = page
        posts.append(post)
        start = end
    number_posts(posts, warnings)
    give_usernames(posts, warnings)
    if any(line.startswith("Poll: ") for line in lines[discussion_index : footers[0][0]]):
        warnings.append(DumpWarning(0, "the thread's poll is not imported", "the thread"))
    return ParsedThread(
        title=title,
        board=clip("board name", discussion["board"].strip(), warnings, "the thread"),
        starter=discussion["starter"].strip(),
        started_on=started.date() if started else None,
        posts=posts,
        warnings=warnings,
        page=page,
        last_page=last_page,
        source_format="Chromium text",
    )


def _previous_filled(lines, index):
    return next((i for i in range(index - 1, -1, -1) if lines[i]), None)


def _next_filled(lines, start):
    return next((i for i in range(start, len(lines)) if lines[i]), None)


def _read_post(lines, start, footer_index, number_index, footer, earlier, saved_on, warnings):
    """The post whose footer is at ``footer_index``; and the index after its likes line."""
    name = footer["name"].strip()
    number = parse_count(_NUMBER.match(lines[number_index])["number"])
    where = f"post #{number}"
    header = next((i for i in range(start, footer_index) if _names(lines[i], name)), None)
    if header is None:
        raise DumpError(f"post #{number}: no line naming its author {name} before its footer")
    skipped = [line for line in lines[start:header] if line]
    if skipped and earlier:
        warnings.append(
            DumpWarning(
                header + 1,
                f"skipped {len(skipped)} line(s) before the post, not part of any post "
                f"(a sponsor block?): '{skipped[0][:60]}'",
                where,
            )
        )
    author, body_start = _read_header(lines, header, footer_index, name, warnings, where)

    body_lines = lines[body_start:footer_index]
    while body_lines and not body_lines[0]:
        body_lines.pop(0)
    while body_lines and not body_lines[-1]:
        body_lines.pop()
    edit_note, edited_at = "", None
    if body_lines and _LAST_EDITED.match(body_lines[-1]):
        edit_note = body_lines.pop()
        edited_at, _, _ = read_date(_LAST_EDITED.match(edit_note)["date"], saved_on=saved_on)
    posted_at, time_known, why = read_date(footer["date"], saved_on=saved_on)
    post = ParsedPost(
        line=footer_index + 1,
        number=number,
        position=number or 0,  # for quotes of it; number_posts settles it
        author=author,
        body="",
        posted_at=posted_at,
        time_known=time_known,
        edit_note=edit_note,
        edited_at=edited_at,
    )
    post.body = _to_markup(body_lines, earlier, warnings, where)
    if posted_at is None:
        post.day_unknown = True
        warnings.append(DumpWarning(footer_index + 1, f"day unknown: {why}", where))
    if not post.body:
        warnings.append(DumpWarning(footer_index + 1, "the post has no text", where))

    end = number_index + 1
    following = _next_filled(lines, end)
    while following is not None and _CONTROLS.match(lines[following]):
        end = following + 1
        following = _next_filled(lines, end)
    if following is not None and _LIKES.search(lines[following]):
        post.likers, post.other_likes = parse_likes(lines[following])
        if "You" in lines[following].replace(",", " ").split():
            warnings.append(
                DumpWarning(
                    following + 1,
                    "the likes line names 'You', the member who saved the page; counted as "
                    "one of the others",
                    where,
                )
            )
        end = following + 1
    return post, end


def _read_header(lines, header, footer_index, name, warnings, where):
    """The author, and where the body starts: past the name, title and banner lines and the
    label/value pairs of the member's facts."""
    index = header
    title, banners = "", []
    # The header line may repeat the name (an avatar's text) and run the title and banners
    # into one line: "Name Custom Title Staff Member Administrator".
    while index < footer_index and (not lines[index] or _names(lines[index], name)):
        if not _LIST_NUMBER.match(lines[index]):
            rest = lines[index][len(name) :].strip()
            if rest:
                title, banners = _split_header(rest)
        index += 1
    first_label = next(
        (i for i in range(index, min(index + 6, footer_index)) if _LABEL.match(lines[i])), None
    )
    if first_label is not None:
        for line in lines[index:first_label]:
            if is_banner(line):
                banners.append(line)
            elif line and not title:
                title = line
        index = first_label
    else:
        while index < footer_index and is_banner(lines[index]):
            banners.append(lines[index])
            index += 1
    facts = {}
    while index < footer_index:
        label_index = _next_filled(lines, index)
        label = _LABEL.match(lines[label_index]) if label_index is not None else None
        value_index = _next_filled(lines, label_index + 1) if label else None
        if label is None or value_index is None or value_index >= footer_index:
            break
        facts[label["label"].casefold()] = lines[value_index]
        index = value_index + 1
    role, others = split_banners(banners)
    role = clip("banner", role, warnings, where)
    name = clip("username", name, warnings, where)
    joined = None
    if "joined" in facts:
        moment, _, why = read_date(facts["joined"])
        joined = moment.date() if moment else None
        if joined is None:
            warnings.append(DumpWarning(index, f"join date unknown: {why}", where))
    author = ParsedMember(
        username=name,
        source_name=name,
        title=clip("custom title", title, warnings, where),
        banner=role,
        other_banners=others,
        joined_on=joined,
        message_count=parse_count(facts.get("messages")),
        likes_received=parse_count(facts.get("likes received", facts.get("reaction score"))),
        location=facts.get("location", "")[:100],
    )
    return author, index


def _names(line, name):
    """Whether ``line`` opens ``name``'s post: the name alone, the name run together with the
    title and banners, or Firefox's list number before it ("1. Name")."""
    if line == name or line.startswith(name + " "):
        return True
    numbered = _LIST_NUMBER.match(line)
    return bool(numbered) and numbered["rest"] == name


def _split_header(rest):
    """``(title, banners)`` from what follows the name on a run-together header line."""
    banners = []
    found = True
    while found and rest:
        found = False
        for banner in sorted(KNOWN_BANNERS, key=len, reverse=True):
            if rest == banner or rest.endswith(" " + banner):
                banners.insert(0, banner)
                rest = rest[: -len(banner)].strip()
                found = True
                break
    return rest, banners


def _to_markup(body_lines, earlier, warnings, where):
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
                    DumpWarning(0, f"'{body_lines[position]}' opens a quote that never ends", where)
                )
        if closing is None:
            plain.append(body_lines[position])
            position += 1
            continue
        blocks.append(paragraphs(plain))
        plain = []
        quoted = body_lines[position + 1 : closing]
        name = re.sub(r'["\]\[]', "", quote["name"]).strip()
        source = find_quoted_post(name, quoted, earlier)
        attribution = f"{name}, post:{source}" if source else name
        blocks.append(f'[quote="{attribution}"]\n{paragraphs(quoted)}\n[/quote]')
        position = closing + 1
    blocks.append(paragraphs(plain))
    return "\n\n".join(block for block in blocks if block)
