"""The forum's markup: CommonMark plus attributed quotes, turned into HTML that is safe to show.

This is the only module that imports bleach. Posts store their source and the HTML made here,
so pages never render markup on the way out; ``render_post_body`` is called on write.

Quotes use Discourse's form, ``[quote="name, post:N, topic:T"]…[/quote]``: ``post`` is the
quoted post's number in its thread, ``topic`` the thread's id when it is not the same thread.
"""

import html
import re
from dataclasses import dataclass, field

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "blockquote",
        "br",
        "code",
        "del",
        "div",
        "em",
        "h1",
        "h2",
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
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel", "class"],
    "abbr": ["title"],
    "blockquote": ["class"],
    "code": ["class"],
    "div": ["class"],
    "img": ["src", "alt", "title"],
    "ol": ["start"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# Deeper quote nesting than this is left as text: it is never legitimate and costs recursion.
MAX_QUOTE_DEPTH = 8

_markdown = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_QUOTE_TAG = re.compile(
    r"\[quote(?:=(?:\"(?P<quoted>[^\"\]\n]*)\"|(?P<bare>[^\]\n]*)))?\]|\[/quote\]",
    re.IGNORECASE,
)


@dataclass
class _Quote:
    opening: str
    attribution: str
    children: list = field(default_factory=list)


def _parse_quotes(source):
    """Split ``source`` into text and nested ``_Quote`` nodes; unmatched tags stay as text."""
    root = []
    stack = []
    position = 0
    for match in _QUOTE_TAG.finditer(source):
        target = stack[-1].children if stack else root
        target.append(source[position : match.start()])
        position = match.end()
        tag = match.group(0)
        if tag.lower() == "[/quote]":
            if stack:
                stack.pop()
            else:
                target.append(tag)
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
        if value.strip().isdigit():
            if key.strip().lower() == "post":
                post = int(value)
            elif key.strip().lower() == "topic":
                topic = int(value)
    return name, post, topic


def renumber_quotes(source, renumber):
    """Rewrite the ``post:N`` and ``topic:T`` of every quote in ``source``.

    ``renumber(post, topic)`` returns the new ``(post, topic)`` (topic ``None`` for the same
    thread) or ``None`` to leave the quote alone. Used when a merge gives posts new numbers.
    """

    def rewrite(match):
        attribution = match.group("quoted")
        if attribution is None:
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


def _render_nodes(nodes, depth):
    parts = []
    text = ""
    for node in nodes:
        if isinstance(node, str):
            text += node
            continue
        if depth >= MAX_QUOTE_DEPTH:
            text += node.opening + _flatten(node.children) + "[/quote]"
            continue
        parts.append(_markdown.render(text))
        text = ""
        parts.append(_render_quote(node, depth + 1))
    parts.append(_markdown.render(text))
    return "".join(parts)


def _flatten(nodes):
    return "".join(
        node if isinstance(node, str) else node.opening + _flatten(node.children) + "[/quote]"
        for node in nodes
    )


def _render_quote(quote, depth):
    name, post, topic = parse_attribution(quote.attribution)
    attribution = ""
    if name:
        said = f"{html.escape(name)} said:"
        url = _quote_source_url(post, topic)
        if url:
            said = f'<a href="{html.escape(url)}" class="quote-source">{said}</a>'
        attribution = f'<div class="quote-author">{said}</div>'
    inner = _render_nodes(quote.children, depth)
    return f'<blockquote class="quote">{attribution}{inner}</blockquote>'


def _mark_external_links(attrs, new=False):
    href = attrs.get((None, "href"), "")
    if href.startswith(("http:", "https:", "//")):
        attrs[(None, "rel")] = "nofollow ugc"
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[
        lambda source: LinkifyFilter(
            source, callbacks=[_mark_external_links], skip_tags={"pre", "code"}
        )
    ],
)


def render_post_body(source):
    """Turn a post's source into sanitised HTML: Markdown without raw HTML, then bleach."""
    rendered = _render_nodes(_parse_quotes(source.replace("\r\n", "\n")), depth=0)
    return _cleaner.clean(rendered).strip()


def escape_plain_text(text):
    """Escape ``text`` so that Markdown shows it exactly as typed (used for imported posts)."""
    escaped = re.sub(r"([\\`*_\[\]<>#|~!])", r"\\\1", text)
    # Line starts that would open a list, a heading, a quote or a rule.
    escaped = re.sub(r"(?m)^(\s*)([-+=>])", r"\1\\\2", escaped)
    return re.sub(r"(?m)^(\s*\d+)([.)])", r"\1\\\2", escaped)
