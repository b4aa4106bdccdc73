"""Recognise what a saved page is, read it, and join the pages of one thread.

Pure: no database, no files. ``read_page(raw)`` takes the bytes of one saved page and returns a
``ParsedThread`` whatever the format (told from the content, never the file name);
``join_pages`` makes one thread of several pages given in any order.
"""

import re

from forum.importer import browser_text, parser, xenforo_html
from forum.importer.structure import DumpError, DumpWarning, ParsedThread

_FIREFOX_NUMBER_LINE = re.compile(r"(?m)^  \d+\. \S")
_SOURCE_QUOTE = re.compile(r'\[quote="(?P<name>[^"\]\n]*?), source:(?P<id>\d+)"\]')


def decode(raw):
    """The text of a saved page; ``DumpError`` for a binary file or another encoding."""
    if b"\x00" in raw[:65536]:
        return _refuse_binary(raw)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DumpError(
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} cannot be decoded)", line
        ) from None


def _refuse_binary(raw):
    kinds = {b"%PDF": "a PDF file", b"\x89PNG": "a PNG image", b"PK\x03\x04": "a ZIP archive"}
    kind = next((name for magic, name in kinds.items() if raw.startswith(magic)), "a binary file")
    raise DumpError(f"{kind}, not a saved thread page (it holds NUL bytes)")


def read_page(raw, *, saved_on=None):
    """Parse one saved page (bytes or text); ``DumpError`` says what it is when not a thread."""
    text = decode(raw) if isinstance(raw, bytes) else raw
    if xenforo_html.looks_like_html(text):
        return xenforo_html.parse_html_page(text, saved_on=saved_on)
    # Firefox's text numbers each post ("  1. Name"); Chromium's has "Name, Date" then "#N".
    if not text.strip() or _FIREFOX_NUMBER_LINE.search(text):
        try:
            return parser.parse_thread_dump(text)
        except DumpError:
            # Firefox's text of a page with site chrome and post footers ("Name, Date", "#N"),
            # which the seed's shape does not have: read as a browser's text.
            if not browser_text.looks_like_browser_text(text):
                raise
        thread = browser_text.parse_browser_text(text, saved_on=saved_on)
        thread.source_format = "Firefox text"
        return thread
    if browser_text.looks_like_browser_text(text):
        return browser_text.parse_browser_text(text, saved_on=saved_on)
    if "Discussion in '" in text:
        return parser.parse_thread_dump(text)
    if re.search(r"(?m)^\s*Thread starter\b", text) and "Start date" in text:
        raise DumpError(
            "the text of a XenForo 2 thread ('Thread starter … Start date'), which is not read: "
            "save the page as HTML ('Web page, complete' or 'HTML only') and import that"
        )
    first = next(line.strip() for line in text.splitlines() if line.strip())
    raise DumpError(
        "text that is not a XenForo thread: no \"Discussion in 'Board' started by\" line "
        f"(it starts '{first[:60]}')",
        1,
    )


def _identity(thread):
    return (thread.title.casefold(), thread.board.casefold(), thread.starter.casefold())


def join_pages(pages):
    """One thread from ``[(label, ParsedThread), …]``, pages in any order.

    Posts shown on two pages (overlapping saves) are kept once; pages of another thread are
    refused. Warnings keep the label of the page they concern.
    """
    first_label, first = pages[0]
    for label, page in pages[1:]:
        if _identity(page) != _identity(first):
            raise DumpError(
                f"{label} is a page of “{page.title}” in '{page.board}', started by "
                f"{page.starter}, but {first_label} is of “{first.title}” in '{first.board}', "
                f"started by {first.starter}: one thread per run"
            )
    ordered = sorted(
        pages,
        key=lambda item: (
            item[1].page or 0,
            item[1].posts[0].position if item[1].posts else 0,
        ),
    )
    warnings, posts, seen = [], [], {}
    for label, page in ordered:
        for warning in page.warnings:
            warnings.append(DumpWarning(warning.line, warning.message, warning.where, label))
        for post in page.posts:
            earlier = seen.get(post.position)
            if earlier is None:
                seen[post.position] = post
                posts.append(post)
            elif earlier.author.source_name != post.author.source_name:
                warnings.append(
                    DumpWarning(
                        0,
                        f"post #{post.position} is by {post.author.source_name} here but by "
                        f"{earlier.author.source_name} on an earlier page; kept the earlier",
                        f"post #{post.position}",
                        label,
                    )
                )
    posts.sort(key=lambda post: post.position)
    last_page = max((page.last_page or 0 for _, page in pages), default=0) or None
    if last_page and len(pages) > 1:
        have = {page.page for _, page in pages if page.page}
        missing = [number for number in range(1, last_page + 1) if number not in have]
        if missing and len(missing) < last_page:
            shown = ", ".join(map(str, missing[:10])) + ("…" if len(missing) > 10 else "")
            warnings.append(
                DumpWarning(
                    0, f"pages {shown} of {last_page} are not in this run", "the thread", "run"
                )
            )
    resolve_quotes(posts)
    return ParsedThread(
        title=first.title,
        board=first.board,
        starter=first.starter,
        started_on=next((page.started_on for _, page in ordered if page.started_on), None),
        posts=posts,
        warnings=warnings,
        page=None,
        last_page=last_page,
        source_format=", ".join(sorted({page.source_format for _, page in pages})),
    )


def resolve_quotes(posts, numbers=None, *, keep_unresolved=True):
    """Make ``[quote="name, source:ID"]`` (the source forum's post id) ``post:N`` (its number
    in the thread) when the quoted post is one of ``posts`` or in ``numbers`` (source id ->
    number, for posts imported in an earlier run). Quotes of posts not found stay as they are
    while more pages may come (``keep_unresolved``), else keep their author only."""
    numbers = {**(numbers or {}), **{p.source_id: p.position for p in posts if p.source_id}}

    def replace(match):
        number = numbers.get(int(match["id"]))
        if number is not None:
            return f'[quote="{match["name"]}, post:{number}"]'
        return match[0] if keep_unresolved else f'[quote="{match["name"]}"]'

    for post in posts:
        if "source:" in post.body:
            post.body = _SOURCE_QUOTE.sub(replace, post.body)


def source_ids_quoted(posts):
    """The source post ids that ``posts`` quote without knowing their number yet."""
    return {int(match["id"]) for post in posts for match in _SOURCE_QUOTE.finditer(post.body)}
