"""Turn the HTML of a XenForo post body into the forum's markup source.

Foreign HTML is never stored as it came: it becomes Markdown text (with the forum's
``[quote="name, source:ID"]`` quotes, resolved to ``post:N`` once every page is read), and then
goes through the same render and sanitise pipeline as a member's post. Text is escaped so that
it shows exactly as the page showed it; only the structure the HTML gave (paragraphs, line
breaks, emphasis, links, images, lists, code, quotes) becomes markup.
"""

import re

from forum.markup import escape_plain_text

# Parts of XenForo's quote and code boxes that are controls or captions, not the text.
_SKIPPED_CLASSES = {
    "quoteExpand",
    "bbCodeBlock-expandLink",
    "messageTextEndMarker",
    "attribution",
    "bbCodeBlock-title",
    "type",
    "js-selectToQuoteEnd",
}
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "button", "input", "form"}
_BLOCK_TAGS = {
    "p",
    "div",
    "aside",
    "section",
    "article",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "center",
}
_SMILIE_CLASSES = {"mceSmilie", "smilie", "mceSmilieSprite"}
_NUMBERED_SOURCE = re.compile(r"(\d+)")


def classes(element):
    return set((element.get("class") or "").split())


def to_markup(element):
    """The markup source for the content of ``element`` (the element itself is not kept)."""
    converter = _Converter()
    converter.children(element)
    return converter.finish()


def _quote_content(element):
    """The element holding a quote's own text: XenForo 1's ``.quote``, XenForo 2's
    ``.bbCodeBlock-expandContent``, else the quote element itself."""
    for cls in ("quote", "bbCodeBlock-expandContent", "bbCodeBlock-content"):
        found = element.xpath(
            f".//*[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"
        )
        if found:
            return found[0]
    return element


def _quote_attribution(element):
    """``name`` or ``name, source:ID`` (ID: the quoted post's id on the source forum)."""
    name = element.get("data-author") or element.get("data-quote") or ""
    name = re.sub(r'["\[\]]', "", name).strip()
    source = element.get("data-source") or ""  # XenForo 2: "post: 123"
    if not source:
        link = element.xpath(".//a[contains(@href, 'post')]/@href")
        source = link[0] if link else ""
    match = _NUMBERED_SOURCE.search(source) if "post" in source else None
    if name and match:
        return f"{name}, source:{match[1]}"
    return name


def _is_quote(element):
    cls = classes(element)
    return "bbCodeQuote" in cls or "bbCodeBlock--quote" in cls


def _is_code(element):
    cls = classes(element)
    return element.tag == "pre" or bool(
        cls & {"bbCodeCode", "bbCodeBlock--code", "bbCodePHP", "bbCodeHtml"}
    )


def _table(element):
    """A table as the forum's Markdown table: the first row is its head."""
    rows = []
    for row in element.xpath(".//tr"):
        cells = [" ".join(to_markup(cell).replace("\\\n", " ").split()) for cell in row]
        if cells:
            rows.append(cells)
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in rows]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


def _fence(text):
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text.rstrip()}\n{fence}"


def _link_target(url):
    url = url.strip().replace("<", "%3C").replace(">", "%3E")
    return f"<{url}>" if re.search(r"[\s()]", url) else url


def _escape(text):
    # Markdown would show "&amp;" as "&"; the page showed the ampersand as typed.
    return escape_plain_text(text).replace("&", "\\&")


def _wrap(marker, inner):
    """``inner`` between emphasis markers, with its outer spaces outside them (CommonMark
    ignores "** bold**")."""
    stripped = inner.strip()
    if not stripped:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    return f"{lead}{marker}{stripped}{marker}{trail}"


class _Converter:
    def __init__(self):
        self.blocks = []
        self.inline = []

    def finish(self):
        self.flush()
        return "\n\n".join(block for block in self.blocks if block.strip())

    def flush(self):
        text = "".join(self.inline)
        self.inline = []
        paragraph = []
        for line in [*text.split("\n"), ""]:
            line = " ".join(line.split())
            if line:
                paragraph.append(line)
            elif paragraph:
                self.blocks.append("\\\n".join(paragraph))
                paragraph = []

    def children(self, element):
        if element.text:
            self.text(element.text)
        for child in element:
            self.element(child)
            if child.tail:
                self.text(child.tail)

    def text(self, text):
        self.inline.append(_escape(re.sub(r"\s+", " ", text)))

    def element(self, element):
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag or tag in _SKIPPED_TAGS or classes(element) & _SKIPPED_CLASSES:
            return
        if tag == "br":
            self.inline.append("\n")
        elif _is_quote(element):
            self.flush()
            inner = to_markup(_quote_content(element))
            attribution = _quote_attribution(element)
            opening = f'[quote="{attribution}"]' if attribution else "[quote]"
            self.blocks.append(f"{opening}\n{inner}\n[/quote]")
        elif _is_code(element):
            self.flush()
            pre = element if element.tag == "pre" else (element.xpath(".//pre") or [element])[0]
            self.blocks.append(_fence(pre.text_content()))
        elif tag in ("ul", "ol"):
            self.flush()
            self.blocks.append(self.list(element))
        elif tag == "table":
            self.flush()
            self.blocks.append(_table(element))
        elif tag in _BLOCK_TAGS:
            self.flush()
            self.children(element)
            self.flush()
        else:
            self.inline.append(self.inline_markup(element))

    def list(self, element, depth=0):
        lines = []
        number = 1
        for item in element:
            if item.tag != "li":
                continue
            nested = [child for child in item if child.tag in ("ul", "ol")]
            for child in nested:
                item.remove(child)
            text = " ".join(to_markup(item).replace("\\\n", " ").split())
            marker = f"{number}." if element.tag == "ol" else "-"
            lines.append("   " * depth + f"{marker} {text}")
            number += 1
            for child in nested:
                lines.append(self.list(child, depth + 1))
        return "\n".join(lines)

    def inline_markup(self, element):
        """An inline element as inline markup (line breaks inside it kept as "\\n")."""
        tag = element.tag
        if tag == "img":
            alt = element.get("alt") or ""
            if classes(element) & _SMILIE_CLASSES or not element.get("src"):
                return _escape(alt)
            return f"![{_escape(alt)}]({_link_target(element.get('src'))})"
        if tag == "iframe" and element.get("src"):
            return f"<{_link_target(element.get('src')).strip('<>')}>"
        inner_converter = _Converter()
        inner_converter.children(element)
        inner = "".join(inner_converter.inline)
        if inner_converter.blocks:  # a block inside an inline element: keep its text
            inner = "\n".join([*inner_converter.blocks, inner])
        if tag in ("b", "strong"):
            return _wrap("**", inner)
        if tag in ("i", "em"):
            return _wrap("*", inner)
        if tag in ("s", "strike", "del"):
            return _wrap("~~", inner)
        if tag == "code":
            text = element.text_content()
            tick = "``" if "`" in text else "`"
            return f"{tick} {text} {tick}" if tick == "``" else f"`{text}`"
        if tag == "a" and element.get("href") and inner.strip():
            href = element.get("href")
            if href.startswith(("http://", "https://", "mailto:")):
                return f"[{inner.strip()}]({_link_target(href)})"
        return inner
