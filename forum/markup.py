"""The forum's markup: CommonMark plus attributed quotes and @mentions, turned into safe HTML.

This is the only module that imports bleach. Posts store their source and the HTML made here,
so pages never render markup on the way out; ``render_post_body`` is called on write (and by
``manage.py rerender_posts`` when these rules change).

Quotes use Discourse's form, ``[quote="name, post:N, topic:T"]…[/quote]``: ``post`` is the
quoted post's number in its thread, ``topic`` the thread's id when it is not the same thread.
Quote tags inside code (fenced, indented or inline) are code, not quotes.

``@name`` becomes a link to the member's profile when a member of that name (in any case)
exists; names in code and inside links stay text.

Every tag, attribute, class and URL scheme that survives is listed below: markdown-it makes the
HTML with raw HTML switched off, and bleach then throws away anything not listed, so that a bug
or a new feature upstream cannot smuggle markup through.
"""

import bisect
import functools
import html
import math
import re
import threading
from dataclasses import dataclass, field

import bleach
from bleach.linkifier import Linker, build_url_re
from markdown_it import MarkdownIt
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


def _allow_attribute(tag, name, value):
    if name == "class":
        if tag == "code":
            return bool(_CODE_LANGUAGE_CLASS.fullmatch(value))
        return value in ALLOWED_CLASSES.get(tag, ())
    if tag == "img" and name == "src":
        return url_scheme(value) in IMAGE_PROTOCOLS
    return name in _ATTRIBUTES.get(tag, ())


ALLOWED_ATTRIBUTES = dict.fromkeys(_ATTRIBUTES, _allow_attribute)

# A post sits under the page's h1 (the thread title) and the author's h2, so its own headings
# start at h3: "# Title" in a post must not compete with the thread's title.
HEADING_SHIFT = 2


def _shift_headings(state):
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + HEADING_SHIFT)}"


_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_markdown.core.ruler.push("shift_headings", _shift_headings)
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


@functools.cache
def _closing_backticks(count):
    return re.compile(rf"(?<!`)`{{{count}}}(?!`)")


def _code_ranges(source):
    """Sorted ``(start, end)`` spans of ``source`` that Markdown shows as code."""
    line_starts = [0]
    for line in source.split("\n"):
        line_starts.append(line_starts[-1] + len(line) + 1)
    blocks = [
        (line_starts[token.map[0]], min(line_starts[token.map[1]], len(source)))
        for token in _markdown.parse(source)
        if token.type in ("fence", "code_block") and token.map
    ]
    blank_lines = [match.start() for match in _BLANK_LINE.finditer(source)]
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
        closing = _closing_backticks(len(run.group(0))).search(source, run.end(), limit)
        if closing is not None:
            spans.append((run.start(), closing.end()))
            position = closing.end()
    return sorted(blocks + spans)


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


def _set_link_rel(attrs, new=False):
    """Links leaving the site say they are the author's, not ours; links within it do not."""
    href = attrs.get((None, "href"), "")
    if new and url_scheme(href) not in ALLOWED_PROTOCOLS:
        return None
    if _is_internal(href):
        attrs.pop((None, "rel"), None)
    else:
        attrs[(None, "rel")] = "nofollow ugc"
    return attrs


# Only web addresses become links by themselves; bleach's default would link ftp:, irc: and more.
_LINKABLE_URL = build_url_re(protocols=["http", "https"])
_local = threading.local()


def _sanitise(html):
    # Cleaner and Linker keep parser state between calls and are not thread-safe: one of each
    # per thread. Linking runs as a second pass, not as the Cleaner's LinkifyFilter, because
    # that filter unescapes text once more (mozilla/bleach#130): "\\&lt;" would show as "<".
    # The Linker adds only http(s) links and passes every link through _set_link_rel.
    if not hasattr(_local, "cleaner"):
        _local.cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
        )
        _local.linker = Linker(
            callbacks=[_set_link_rel], skip_tags={"pre", "code"}, url_re=_LINKABLE_URL
        )
    return _local.linker.linkify(_local.cleaner.clean(html))


def render_post_body(source, *, mentions=True):
    """Turn a post's source into sanitised HTML: Markdown without raw HTML, then bleach.

    ``mentions`` says how ``@name`` is resolved: ``True`` looks the names up among members
    (one query, none when the post names nobody), ``False`` leaves them as text, and a function
    taking the list of names and returning ``{name: profile URL}`` answers instead of the
    database.
    """
    # markdown-it would make these same replacements; done first so that code spans found in
    # the source line up with the lines markdown-it sees.
    source = source.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    parsed = _parse_markdown(_parse_quotes(source))
    if mentions:
        names = _mentioned_names(parsed)
        lookup = members_by_name if mentions is True else mentions
        profile_urls = lookup(names) if names else {}
        if profile_urls:
            _link_mentions(parsed, profile_urls)
    return _sanitise(_render(parsed)).strip()


def escape_plain_text(text):
    """Escape ``text`` so that Markdown shows it exactly as typed (used for imported posts)."""
    escaped = re.sub(r"([\\`*_\[\]<>#|~!])", r"\\\1", text)
    # Line starts that would open a list, a heading, a quote or a rule.
    escaped = re.sub(r"(?m)^(\s*)([-+=>])", r"\1\\\2", escaped)
    return re.sub(r"(?m)^(\s*\d+)([.)])", r"\1\\\2", escaped)


_QUOTE_BLOCK = re.compile(r"<blockquote\b[^>]*>(?:(?!<blockquote\b).)*?</blockquote>", re.S)
# Tags that end a line or a block part words; inline ones (a, strong, em…) do not.
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|pre|table|tr|td|th|hr)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def summary(body_html, length=155):
    """The start of a post as plain text, at most ``length`` characters (a page's meta
    description): its own words only, quotes of others left out."""
    text, previous = body_html, None
    while text != previous:  # innermost quotes first, so nested ones go too
        previous, text = text, _QUOTE_BLOCK.sub(" ", text)
    text = " ".join(html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", text))).split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
