"""The forum's markup: CommonMark plus attributed quotes and @mentions, turned into safe HTML.

This is the only module that imports the sanitiser (nh3). Posts store their source and the HTML
made here,
so pages never render markup on the way out; ``render_post_body`` is called on write (and by
``manage.py rerender_posts`` when these rules change).

Quotes use Discourse's form, ``[quote="name, post:N, topic:T"]…[/quote]``: ``post`` is the
quoted post's number in its thread, ``topic`` the thread's id when it is not the same thread.
Quote tags inside code (fenced, indented or inline) are code, not quotes.

``@name`` becomes a link to the member's profile when a member of that name (in any case)
exists; names in code and inside links stay text.

Bare web addresses become links while Markdown is parsed (markdown-it's linkify), so text in
code is never touched and the HTML is sanitised in one pass.

Every tag, attribute, class and URL scheme that survives is listed below: markdown-it makes the
HTML with raw HTML switched off, and nh3 (ammonia) then throws away anything not listed, so that
a bug or a new feature upstream cannot smuggle markup through.

What costs the parser most (table cells, lines, emphasis marks, brackets, nesting, quotes,
mentions) is counted by ``markup_limit_error``, which the post body field asks before a body is
stored or previewed: one member cannot make the server spend seconds on one post.
"""

import bisect
import functools
import html
import math
import re
from dataclasses import dataclass, field

import nh3
from django.conf import settings
from django.utils.formats import number_format
from markdown_it import MarkdownIt
from markdown_it.common.entities import entities as html_entities
from markdown_it.common.utils import isValidEntityCode as is_valid_entity_code
from markdown_it.token import Token

from forum.params import positive_int

# What CommonMark (with tables and strikethrough) and the quote markup produce; nothing else.
ALLOWED_TAGS = frozenset(
    {
        "a",
        "blockquote",
        "br",
        "code",
        "div",
        "em",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "img",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
_ATTRIBUTES = {
    "a": ("href", "title", "class"),
    "blockquote": ("class",),
    "code": ("class",),
    "div": ("class",),
    "img": ("src", "alt", "title"),
    "ol": ("start",),
}
# Classes are ours, never the author's: a post must not borrow the look of the forum's own
# notices. ``rel`` is not here because it is set below on every link, never taken from input.
ALLOWED_CLASSES = {
    "a": frozenset({"quote-source", "mention"}),
    "blockquote": frozenset({"quote"}),
    "div": frozenset({"quote-author"}),
}
_CODE_LANGUAGE_CLASS = re.compile(r"language-[\w#+.-]{1,40}")
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
# Images load by themselves when a page is shown, so they may only come from the web.
IMAGE_PROTOCOLS = frozenset({"http", "https"})

# Deeper quote nesting than this is left as text: it is never legitimate and costs recursion.
MAX_QUOTE_DEPTH = 8
# Names past this many in one post stay text, so a post cannot ping (or query) a crowd.
MAX_MENTIONS = 30

_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)
# Browsers drop these anywhere in a URL (tab, newline) or at its ends (controls and space).
_URL_INVISIBLES = re.compile(r"[\t\n\r]")
_URL_EDGES = "".join(map(chr, range(0x21)))


def _as_browser_reads(url):
    return _URL_INVISIBLES.sub("", url).strip(_URL_EDGES)


def url_scheme(url):
    """The scheme a browser would see in ``url``, lowercased; ``""`` for a relative URL."""
    match = _SCHEME.match(_as_browser_reads(url))
    return match.group(1).lower() if match else ""


def _is_internal(url):
    """True for a link within this site: no scheme, and not ``//host`` or ``/\\host``."""
    return not url_scheme(url) and not re.match(r"[/\\]{2}", _as_browser_reads(url))


# A post sits under the page's h1 (the thread title) and the author's h2, so its own headings
# start at h3: "# Title" in a post must not compete with the thread's title.
HEADING_SHIFT = 2


def _shift_headings(state):
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + HEADING_SHIFT)}"


def _link_open(self, tokens, index, options, env):
    # Links leaving the site say they are the author's, not ours; links within it do not.
    token = tokens[index]
    if _is_internal(token.attrGet("href") or ""):
        token.attrs.pop("rel", None)
    else:
        token.attrSet("rel", "nofollow ugc")
    return self.renderToken(tokens, index, options, env)


_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False, "linkify": True}).enable(
    ["table", "strikethrough", "linkify"]
)
_markdown.core.ruler.push("shift_headings", _shift_headings)
# Plain text that markdown-it would offer, character by character, to every inline rule (or
# turn into one token each): "<" that starts no autolink, "&" that starts no entity, ">", "@"
# and the other marks no rule here acts on, and escaped marks and entities that stand for a
# mark. 12,500 "<b>x</b>" cost a second that way, 25,000 "\\*" 150 ms. Read here as runs of
# text instead, with the same result. Escapes and entities that stand for a letter, digit,
# ".", ":", "/" or "@" are left to markdown-it: they keep an address from being linked, and
# the text they split must stay split.
_SPECIAL = r"<(?![a-z][a-z0-9+.-]{1,31}:|[\w.!#$%&'*+/=?^`{|}~-]+@)|&(?!#?\w+;)|>"
_PLAIN_RUN = re.compile(rf"(?:{_SPECIAL}|[^\n!&*:<\[\\\]_`~])+", re.IGNORECASE)
_FAST_ESCAPES = frozenset("!\"#$%&'()*+,-;<=>?[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?:#(x[0-9a-f]{1,6}|[0-9]{1,7})|([a-z][a-z0-9]{1,31}));", re.IGNORECASE)
_LINK_TEXT = re.compile(r"[\w.:/@]")


@functools.lru_cache(maxsize=1024)
def _plain_entity(entity):
    """What ``entity`` stands for, as markdown-it decodes it, if it may be read as plain text."""
    number, name = _ENTITY.fullmatch(entity).groups()
    if name is not None:
        decoded = html_entities.get(name)
    else:
        code = int(number[1:], 16) if number[0] in "xX" else int(number)
        decoded = chr(code) if is_valid_entity_code(code) else "\ufffd"
    if decoded is None or _LINK_TEXT.search(decoded):
        return None
    return decoded


def _plain_specials(state, silent):
    src, position, end = state.src, state.pos, state.posMax
    text = []
    while position < end:
        character = src[position]
        if character == "\\" and position + 1 < end and src[position + 1] in _FAST_ESCAPES:
            text.append(src[position + 1])
            position += 2
            continue
        if character == "&" and (entity := _ENTITY.match(src, position, end)):
            decoded = _plain_entity(entity.group(0))
            if decoded is None:
                break
            text.append(decoded)
            position = entity.end()
            continue
        run = _PLAIN_RUN.match(src, position, end)
        if run is None:
            break
        text.append(run.group(0))
        position = run.end()
    if position == state.pos:
        return False
    if not silent:
        state.pending += "".join(text)
    state.pos = position
    return True


_markdown.inline.ruler.before("text", "plain_specials", _plain_specials)
_markdown.add_render_rule("link_open", _link_open)
# Only web addresses become links by themselves: not ftp:, not "//host", not email addresses.
_markdown.linkify.add("ftp:", None).add("//", None).add("mailto:", None)
_markdown.linkify.set({"fuzzy_email": False})
# The same parser without the inline pass: it finds code blocks and nesting for the rendering,
# exactly where markdown-it will find them.
_blocks = MarkdownIt("commonmark", {"html": False}).enable(["table"]).disable(["inline"])
# The limits' quicker version without tables and reference definitions, whose rules alone took
# 200 ms over a table 8,000 columns wide and 50 ms over 1,800 definitions (_table_cells counts
# cells from the lines instead). Its code blocks differ only where indented code follows a
# table or a definition with no blank line between, which only shifts what a limit counts.
_cheap_blocks = MarkdownIt("commonmark", {"html": False}).disable(["inline", "reference"])
_QUOTE_TAG = re.compile(
    r"\[quote(?:=(?:\"(?P<quoted>[^\"\]\n]*)\"|(?P<bare>[^\]\n]*)))?\]|\[/quote\]",
    re.IGNORECASE,
)
# A name starts after anything that could not be part of a name or an email address.
_MENTION = re.compile(r"(?<![\w@.+-])@(\w[\w.+-]*)")


@dataclass
class _Quote:
    opening: str
    attribution: str
    children: list = field(default_factory=list)


_BACKTICKS_OR_ESCAPE = re.compile(r"\\.|`+", re.DOTALL)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class _BlockFacts:
    code_blocks: list
    code_lines: frozenset
    depth: int


@functools.lru_cache(maxsize=16)
def _block_facts(source, *, cheap=False):
    """What the block pass of ``source`` shows: its code blocks (spans and lines), nesting.

    Cached: the limit check asks for it twice, and a merge renumbers quotes in many posts.
    """
    line_starts = [0]
    for line in source.split("\n"):
        line_starts.append(line_starts[-1] + len(line) + 1)
    code_blocks = []
    code_lines = set()
    depth = nesting = 0
    for token in (_cheap_blocks if cheap else _blocks).parse(source):
        if token.type in ("fence", "code_block") and token.map:
            first, last = token.map
            code_blocks.append((line_starts[first], min(line_starts[last], len(source))))
            code_lines.update(range(first, last))
        elif token.type in ("blockquote_open", "bullet_list_open", "ordered_list_open"):
            nesting += 1
            depth = max(depth, nesting)
        elif token.type in ("blockquote_close", "bullet_list_close", "ordered_list_close"):
            nesting -= 1
    return _BlockFacts(code_blocks=code_blocks, code_lines=frozenset(code_lines), depth=depth)


# A table's delimiter row ("|---|:--:|"), once quote marks and indentation are set aside.
_DELIMITER_ROW = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_LINE_PREFIX = re.compile(r"[ \t>]*")


def _cell_count(row):
    return len(row.strip().strip("|").split("|"))


def _table_cells(source, code_lines):
    """The cells of the tables in ``source``, as markdown-it makes them: every row of a table
    has as many as its delimiter row, from the header down to the next blank line."""
    lines = [_LINE_PREFIX.sub("", line, count=1) for line in source.split("\n")]
    cells = 0
    index = 1
    while index < len(lines):
        line = lines[index]
        if (
            "|" in lines[index - 1]
            and index not in code_lines
            and _DELIMITER_ROW.fullmatch(line)
            and _cell_count(lines[index - 1]) == _cell_count(line)
        ):
            columns = _cell_count(line)
            rows = 1
            index += 1
            while index < len(lines) and lines[index].strip():
                rows += 1
                index += 1
            cells += columns * rows
            continue
        index += 1
    return cells


@functools.lru_cache(maxsize=16)
def _code_ranges(source, *, cheap=False):
    """Sorted ``(start, end)`` spans of ``source`` that Markdown shows as code."""
    blocks = _block_facts(source, cheap=cheap).code_blocks
    blank_lines = [match.start() for match in _BLANK_LINE.finditer(source)]
    # Where each length of backtick run starts, so that finding a closer is a bisection, not
    # a search through the rest of the text (which made a body of runs cost quadratic time).
    runs_of = {}
    for match in _BACKTICKS.finditer(source):
        runs_of.setdefault(match.end() - match.start(), []).append(match.start())
    spans = []
    position = 0
    while (run := _BACKTICKS_OR_ESCAPE.search(source, position)) is not None:
        if _inside(blocks, run.start()):
            position = blocks[bisect.bisect_right(blocks, (run.start(), math.inf)) - 1][1]
            continue
        position = run.end()
        if run.group(0)[0] == "\\":
            continue
        # A code span closes at the next run of exactly as many backticks, within its paragraph.
        next_blank = bisect.bisect_left(blank_lines, run.end())
        limit = blank_lines[next_blank] if next_blank < len(blank_lines) else len(source)
        length = len(run.group(0))
        starts = runs_of.get(length, [])
        at = bisect.bisect_left(starts, run.end())
        if at < len(starts) and starts[at] + length <= limit:
            spans.append((run.start(), starts[at] + length))
            position = starts[at] + length
    return tuple(sorted(blocks + spans))


def _inside(ranges, index):
    """Whether ``index`` falls in one of the sorted, non-overlapping ``ranges``."""
    at = bisect.bisect_right(ranges, (index, math.inf)) - 1
    return at >= 0 and ranges[at][0] <= index < ranges[at][1]


def _parse_quotes(source):
    """Split ``source`` into text and nested ``_Quote`` nodes; unmatched tags stay as text."""
    code = _code_ranges(source)
    root = []
    stack = []
    too_deep = 0
    position = 0
    for match in _QUOTE_TAG.finditer(source):
        if _inside(code, match.start()):
            continue
        tag = match.group(0)
        closing = tag.lower() == "[/quote]"
        # Tags past the depth limit stay in the text, and so do the closers that match them.
        if not closing and len(stack) >= MAX_QUOTE_DEPTH:
            too_deep += 1
            continue
        if closing and too_deep:
            too_deep -= 1
            continue
        if closing and not stack:
            continue
        target = stack[-1].children if stack else root
        target.append(source[position : match.start()])
        position = match.end()
        if closing:
            stack.pop()
        else:
            attribution = match.group("quoted") or match.group("bare") or ""
            quote = _Quote(opening=tag, attribution=attribution.strip())
            target.append(quote)
            stack.append(quote)
    (stack[-1].children if stack else root).append(source[position:])
    # Openers never closed are not quotes: put their text back where it stood.
    while stack:
        unclosed = stack.pop()
        parent = stack[-1].children if stack else root
        index = parent.index(unclosed)
        parent[index : index + 1] = [unclosed.opening, *unclosed.children]
    return root


def parse_attribution(attribution):
    """``'name, post:3, topic:9'`` → ``('name', 3, 9)``; missing parts are ``None``."""
    parts = [part.strip() for part in attribution.split(",")]
    name, post, topic = parts[0], None, None
    for part in parts[1:]:
        key, _, value = part.partition(":")
        number = positive_int(value.strip())
        if number is not None:
            if key.strip().lower() == "post":
                post = number
            elif key.strip().lower() == "topic":
                topic = number
    return name, post, topic


def renumber_quotes(source, renumber):
    """Rewrite the ``post:N`` and ``topic:T`` of every quote in ``source``.

    ``renumber(post, topic)`` returns the new ``(post, topic)`` (topic ``None`` for the same
    thread) or ``None`` to leave the quote alone. Used when a merge gives posts new numbers.
    Quote tags inside code are text, as ``render_post_body`` reads them, and stay as written.
    """
    code = _code_ranges(source)

    def rewrite(match):
        attribution = match.group("quoted")
        if attribution is None or _inside(code, match.start()):
            return match.group(0)
        _, post, topic = parse_attribution(attribution)
        new = renumber(post, topic) if post is not None else None
        if new is None or new == (post, topic):
            return match.group(0)
        parts = [
            part
            for part in (part.strip() for part in attribution.split(","))
            if part.partition(":")[0].strip().lower() not in {"post", "topic"}
        ]
        parts.insert(1, f"post:{new[0]}")
        if new[1] is not None:
            parts.insert(2, f"topic:{new[1]}")
        return f'[quote="{", ".join(parts)}"]'

    return _QUOTE_TAG.sub(rewrite, source)


def _quote_source_url(post, topic):
    if post is None:
        return ""
    if topic is None:
        # Relative to the thread's own URL, so the stored HTML holds no thread id or slug.
        return f"post-{post}/"
    return f"/threads/{topic}/post-{post}/"


def _parse_markdown(nodes):
    """The quote tree with each run of text parsed into markdown-it tokens."""
    parsed = []
    text = ""
    for node in nodes:
        if isinstance(node, str):
            text += node
            continue
        parsed.append(_markdown.parse(text))
        text = ""
        node.children = _parse_markdown(node.children)
        parsed.append(node)
    parsed.append(_markdown.parse(text))
    return parsed


def _mentionable_texts(parsed):
    """Every inline text token of the tree that is not inside a link."""
    for part in parsed:
        if isinstance(part, _Quote):
            yield from _mentionable_texts(part.children)
            continue
        for block in part:
            if block.type != "inline":
                continue
            in_link = 0
            # Code spans are code_inline tokens and images keep their text in children of
            # their own, so only link text needs watching.
            for index, token in enumerate(block.children or []):
                if token.type == "link_open":
                    in_link += 1
                elif token.type == "link_close":
                    in_link -= 1
                elif token.type == "text" and not in_link:
                    yield block, index, token


def _mentioned_names(parsed):
    """The names to look up: each ``@name`` as written, and without trailing punctuation."""
    written = dict.fromkeys(
        match.group(1)
        for _, _, token in _mentionable_texts(parsed)
        for match in _MENTION.finditer(token.content)
    )
    names = {}
    for name in list(written)[:MAX_MENTIONS]:
        # "thanks @ann." means ann; a member really called "ann." is asked for too.
        names[name] = names[name.rstrip(".+-")] = None
    return list(names)


def _link_mentions(parsed, profile_urls):
    """Turn each ``@name`` of a known member into a link to their profile."""
    # Replacements go in from the end, so the indexes of earlier text tokens stay right.
    for block, index, token in reversed(list(_mentionable_texts(parsed))):
        pieces = []
        position = 0
        for match in _MENTION.finditer(token.content):
            name = match.group(1)
            if name not in profile_urls:
                name = name.rstrip(".+-")
            if name not in profile_urls:
                continue
            start = match.start()
            end = start + 1 + len(name)
            pieces.append(Token("text", "", 0, content=token.content[position:start]))
            pieces.append(
                Token("link_open", "a", 1, attrs={"href": profile_urls[name], "class": "mention"})
            )
            pieces.append(Token("text", "", 0, content=token.content[start:end]))
            pieces.append(Token("link_close", "a", -1))
            position = end
        if pieces:
            pieces.append(Token("text", "", 0, content=token.content[position:]))
            block.children[index : index + 1] = pieces


def _render(parsed):
    parts = []
    for part in parsed:
        if isinstance(part, _Quote):
            parts.append(_render_quote(part))
        else:
            parts.append(_markdown.renderer.render(part, _markdown.options, {}))
    return "".join(parts)


def _render_quote(quote):
    name, post, topic = parse_attribution(quote.attribution)
    attribution = ""
    if name:
        said = f"{html.escape(name)} said:"
        url = _quote_source_url(post, topic)
        if url:
            said = f'<a href="{html.escape(url)}" class="quote-source">{said}</a>'
        attribution = f'<div class="quote-author">{said}</div>'
    return f'<blockquote class="quote">{attribution}{_render(quote.children)}</blockquote>'


def members_by_name(names):
    """Profile URLs of the members called ``names`` (any case), found with one query."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    if not names:
        return {}
    query = Q()
    for name in names:
        query |= Q(username__iexact=name)
    members = {}
    for member in get_user_model().objects.filter(query).only("pk", "username"):
        members.setdefault(member.username.lower(), []).append(member)
    urls = {}
    for name in names:
        same_name = members.get(name.lower(), [])
        # Two members whose names differ only in case: the one written exactly wins.
        member = next((m for m in same_name if m.username == name), None) or next(
            iter(same_name), None
        )
        if member is not None:
            urls[name] = member.get_absolute_url()
    return urls


def _allow_attribute(tag, name, value):
    if name == "class":
        if tag == "code":
            return value if _CODE_LANGUAGE_CLASS.fullmatch(value) else None
        return value if value in ALLOWED_CLASSES.get(tag, ()) else None
    if tag == "img" and name == "src":
        return value if url_scheme(value) in IMAGE_PROTOCOLS else None
    if tag == "a" and name == "rel":
        # Set by _link_open on every link that leaves the site, never taken from input.
        return value if value == "nofollow ugc" else None
    return value


# ammonia keeps an attribute only if it is listed here and attribute_filter returns it; it
# checks href and src against the allowed schemes itself (relative URLs pass).
_sanitiser = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(),
    attributes={
        tag: set(names) | ({"rel"} if tag == "a" else set()) for tag, names in _ATTRIBUTES.items()
    },
    attribute_filter=_allow_attribute,
    strip_comments=True,
    link_rel=None,
    url_schemes=set(ALLOWED_PROTOCOLS),
)


# A tag as ammonia writes it: attribute values in double quotes, with no '"' inside them
# (ammonia writes &quot;), while '>' may stand raw in a value and never stands raw in text.
_TAG = re.compile(r'(<[^"<>]*(?:"[^"]*"[^"<>]*)*>)')
# The four entities markdown-it writes, each as a private-use character while ammonia reads the
# HTML: they are text (or part of an attribute value) either way, so nothing it decides changes,
# but decoding 50,000 of them took it 50 ms. Afterwards they are written as markdown-it wrote them.
_PLACEHOLDERS = {"&amp;": "\ue000", "&lt;": "\ue001", "&gt;": "\ue002", "&quot;": "\ue003"}
_PLACEHOLDER_CHARACTER = re.compile("[\ue000-\ue003]")


def _quotes_as_entities(html):
    """``"`` in text written ``&quot;``, as markdown-it writes it, so stored HTML keeps its form."""
    parts = _TAG.split(html)
    parts[::2] = [text.replace('"', "&quot;") for text in parts[::2]]
    return "".join(parts)


def _sanitise(html):
    if _PLACEHOLDER_CHARACTER.search(html):
        # The author typed one of the placeholders: the slower way, which keeps it as typed.
        return _quotes_as_entities(_sanitiser.clean(html))
    for entity, placeholder in _PLACEHOLDERS.items():
        html = html.replace(entity, placeholder)
    html = _sanitiser.clean(html)
    for entity, placeholder in _PLACEHOLDERS.items():
        html = html.replace(placeholder, entity)
    return html


def _normalise(source):
    # markdown-it would make these same replacements; done first so that code spans found in
    # the source line up with the lines markdown-it sees.
    return source.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def render_post_body(source, *, mentions=True):
    """Turn a post's source into sanitised HTML: Markdown without raw HTML, then nh3.

    ``mentions`` says how ``@name`` is resolved: ``True`` looks the names up among members
    (one query, none when the post names nobody), ``False`` leaves them as text, and a function
    taking the list of names and returning ``{name: profile URL}`` answers instead of the
    database.
    """
    source = _normalise(source)
    parsed = _parse_markdown(_parse_quotes(source))
    if mentions:
        names = _mentioned_names(parsed)
        lookup = members_by_name if mentions is True else mentions
        profile_urls = lookup(names) if names else {}
        if profile_urls:
            _link_mentions(parsed, profile_urls)
    return _sanitise(_render(parsed)).strip()


# What each limit counts, outside code (where these characters are only text): runs of
# emphasis marks, opening brackets (every link and image starts with one), quote tags, names.
_EMPHASIS_RUN = re.compile(r"\\.|(\*+|_+|~+)", re.DOTALL)
# A Markdown link counts once, by its bracket: its address, in parentheses, is not counted again.
_LINK = re.compile(r"\[|(?<!\()\b(?:https?://|www\.)", re.IGNORECASE)
_QUOTE_OPENING = re.compile(r"\[quote(?:=[^\]\n]*)?\]", re.IGNORECASE)


def _outside_code(source):
    """``source`` with its code (blocks and spans) left out, as the limits see it."""
    pieces = []
    position = 0
    for start, end in _code_ranges(source, cheap=True):
        if start >= position:
            pieces.append(source[position:start])
            position = end
    pieces.append(source[position:])
    return "".join(pieces)


def _limit(count, setting, message):
    limit = getattr(settings, setting)
    if count <= limit:
        return None
    return message.format(
        count=number_format(count, force_grouping=True),
        limit=number_format(limit, force_grouping=True),
    )


def markup_limit_error(source):
    """Why ``source`` costs too much to render (a message naming the limit), or ``None``.

    The counts come from the block pass only (and regular expressions over the text outside
    code), so refusing a body is far cheaper than rendering it. Lines are counted first,
    because the block pass itself costs time in proportion to them.
    """
    source = _normalise(source)
    lines = source.count("\n") + 1
    error = _limit(
        lines,
        "FORUM_MARKUP_MAX_LINES",
        "This post has {count} lines; the most a post may have is {limit}.",
    )
    if error:
        return error
    facts = _block_facts(source, cheap=True)
    code = _code_ranges(source, cheap=True)
    text = _outside_code(source)
    checks = [
        (
            _table_cells(source, facts.code_lines),
            "FORUM_MARKUP_MAX_TABLE_CELLS",
            "This post has {count} table cells; the most a post may have is {limit}.",
        ),
        (
            facts.depth,
            "FORUM_MARKUP_MAX_NESTING",
            "This post nests lists and quotes (>) {count} deep; the most a post may nest "
            "them is {limit}.",
        ),
        (
            len(_QUOTE_OPENING.findall(text)),
            "FORUM_MARKUP_MAX_QUOTES",
            "This post has {count} quotes; the most a post may have is {limit}.",
        ),
        (
            len(_MENTION.findall(text)),
            "FORUM_MARKUP_MAX_MENTIONS",
            "This post has {count} mentions (@name); the most a post may have is {limit}.",
        ),
        (
            len(code) - len(facts.code_blocks),
            "FORUM_MARKUP_MAX_CODE_SPANS",
            "This post has {count} pieces of inline code (`code`); the most a post may have "
            "is {limit}. Put long code in a block between lines of three backticks (```).",
        ),
        (
            sum(1 for match in _EMPHASIS_RUN.finditer(text) if match.group(1)),
            "FORUM_MARKUP_MAX_EMPHASIS",
            "This post has {count} emphasis marks (runs of *, _ or ~ outside code); the most "
            "a post may have is {limit}. Put code between backticks (`) to show it as typed.",
        ),
        (
            len(_LINK.findall(text)),
            "FORUM_MARKUP_MAX_LINKS",
            "This post has {count} links, images, web addresses or [ brackets outside code; "
            "the most a post may have is {limit}.",
        ),
    ]
    for count, setting, message in checks:
        error = _limit(count, setting, message)
        if error:
            return error
    return None


def escape_plain_text(text):
    """Escape ``text`` so that Markdown shows it exactly as typed (used for imported posts)."""
    escaped = re.sub(r"([\\`*_\[\]<>#|~!])", r"\\\1", text)
    # Line starts that would open a list, a heading, a quote or a rule.
    escaped = re.sub(r"(?m)^(\s*)([-+=>])", r"\1\\\2", escaped)
    return re.sub(r"(?m)^(\s*\d+)([.)])", r"\1\\\2", escaped)


_SUMMARY_QUOTE = re.compile(r"<blockquote\b[^>]*>(?:(?!<blockquote\b).)*?</blockquote>", re.S)
# Tags that end a line or a block part words; inline ones (a, strong, em…) do not.
_SUMMARY_BREAK = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|pre|table|tr|td|th|hr)\b[^>]*>")
_SUMMARY_TAG = re.compile(r"<[^>]+>")


def summary(body_html, length=155):
    """The start of a post as plain text, at most ``length`` characters (a page's meta
    description): its own words only, quotes of others left out."""
    text, previous = body_html, None
    while text != previous:  # innermost quotes first, so nested ones go too
        previous, text = text, _SUMMARY_QUOTE.sub(" ", text)
    text = " ".join(html.unescape(_SUMMARY_TAG.sub("", _SUMMARY_BREAK.sub(" ", text))).split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


# ---- What a post's stored HTML says about other posts and members ---------------------------
# Read back from the HTML this module wrote (so the attributes are in the order it writes them).
_QUOTE_SOURCE = re.compile(r'<a href="(?:/threads/(\d+)/)?post-(\d+)/" class="quote-source">')
_MENTION_LINK = re.compile(r'<a href="([^"]+)" class="mention">')
_INNERMOST_QUOTE = re.compile(
    r'<blockquote class="quote">(?:(?!<blockquote).)*?</blockquote>', re.DOTALL
)


def quoted_posts(body_html):
    """The posts a post's HTML quotes, as ``(thread id or None for its own thread, number)``."""
    return [
        (int(topic) if topic else None, int(number))
        for topic, number in _QUOTE_SOURCE.findall(body_html)
    ]


def mentioned_profiles(body_html):
    """The profile URLs of the members a post mentions in its own words (not in its quotes)."""
    own = body_html
    while True:
        stripped = _INNERMOST_QUOTE.sub(" ", own)
        if stripped == own:
            break
        own = stripped
    return list(dict.fromkeys(_MENTION_LINK.findall(own)))


# ---- Signatures --------------------------------------------------------------------------------
# A few lines under each of a member's posts: the posts' markup, without headings (they would
# outrank the thread's own), without images unless FORUM_SIGNATURE_IMAGES, without quotes of
# posts, and with at most FORUM_SIGNATURE_MAX_LINKS links.

_SIGNATURE_DROPPED = frozenset(
    {"h3", "h4", "h5", "h6", "table", "tbody", "thead", "tr", "td", "th"}
)


def _signature_sanitiser(images):
    tags = set(ALLOWED_TAGS) - _SIGNATURE_DROPPED - (set() if images else {"img"})
    return nh3.Cleaner(
        tags=tags,
        clean_content_tags=set(),
        attributes={
            tag: set(names) | ({"rel"} if tag == "a" else set())
            for tag, names in _ATTRIBUTES.items()
            if tag in tags
        },
        attribute_filter=_allow_attribute,
        strip_comments=True,
        link_rel=None,
        url_schemes=set(ALLOWED_PROTOCOLS),
    )


_signature_sanitisers = {images: _signature_sanitiser(images) for images in (False, True)}
_HTML_LINK = re.compile(r"<a\s", re.IGNORECASE)
_HTML_IMAGE = re.compile(r"<img\s", re.IGNORECASE)


def _signature_markup(source):
    # Quote tags stay text: a signature quotes no post.
    return _markdown.renderer.render(
        _markdown.parse(_normalise(source)), _markdown.options, {}
    ).strip()


def signature_error(source):
    """Why ``source`` cannot be a signature (a message naming the limit), or ``None``."""
    limit = settings.FORUM_SIGNATURE_MAX_LENGTH
    if len(source) > limit:
        return (
            f"This signature has {number_format(len(source), force_grouping=True)} characters; "
            f"the most a signature may have is {number_format(limit, force_grouping=True)}."
        )
    error = markup_limit_error(source)
    if error:
        return error.replace("This post", "This signature").replace("a post", "a signature")
    rendered = _signature_markup(source)
    links = len(_HTML_LINK.findall(rendered))
    if links > settings.FORUM_SIGNATURE_MAX_LINKS:
        return (
            f"This signature has {links} links; the most a signature may have is "
            f"{settings.FORUM_SIGNATURE_MAX_LINKS}."
        )
    if not settings.FORUM_SIGNATURE_IMAGES and _HTML_IMAGE.search(rendered):
        return "Signatures cannot show images on this forum; link to the picture instead."
    return None


def render_signature(source):
    """A signature's source as sanitised HTML (empty for an empty signature)."""
    if not source.strip():
        return ""
    html_out = _signature_markup(source)
    return _signature_sanitisers[settings.FORUM_SIGNATURE_IMAGES].clean(html_out).strip()
