"""Read a thread page saved from a XenForo 1.x or 2.x forum ("Web page, complete" or "HTML only").

Parsed with lxml's HTML parser and CSS selectors keyed on XenForo's own class names and
``data-`` attributes, never on positions: styles move the date above the post, drop "Joined",
add sponsor blocks between posts, yet keep the classes XenForo's JavaScript relies on.
"""

import re
from datetime import datetime

import lxml.html

from forum.importer.common import (
    clip,
    from_unix,
    give_usernames,
    number_posts,
    parse_count,
    parse_likes,
    post_label,
    read_date,
    split_banners,
)
from forum.importer.html_markup import to_markup
from forum.importer.structure import DumpError, DumpWarning, ParsedMember, ParsedPost, ParsedThread

_DISCUSSION = re.compile(r"Discussion in '(?P<board>.+?)' started by (?P<starter>.+?), ")
_POST_NUMBER = re.compile(r"#\s*(\d[\d,]*)")
# What other forum software writes into its pages, to say what a refused page is.
_OTHER_SOFTWARE = (
    ("phpBB", re.compile(r"phpbb", re.I)),
    ("vBulletin", re.compile(r"vbulletin", re.I)),
    ("Discourse", re.compile(r"discourse", re.I)),
    ("Invision Community", re.compile(r"ipsApp|Invision Community|IP\.Board", re.I)),
    ("Simple Machines Forum", re.compile(r"Simple Machines|smf_", re.I)),
    ("MyBB", re.compile(r"MyBB", re.I)),
)
# The names XenForo gives its page templates (XF1 puts them on #content, XF2 on <html>).
_WHAT_PAGE = {
    "forum_list": "forum list",
    "forum_view": "forum's list of threads",
    "member_view": "member page",
    "search_results": "search results page",
    "conversation_view": "private conversation",
    "whats_new_posts": "list of new posts",
}


def looks_like_html(text):
    head = text.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml", "<!--")) or "<html" in head


def parse_html_page(text, *, saved_on=None):
    """Parse a saved XenForo thread page; raise ``DumpError`` saying what else it is."""
    try:
        document = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError) as error:
        raise DumpError(f"the HTML cannot be read ({error})") from None
    _make_links_absolute(document)
    version = _xenforo_version(document, text)
    if version is None:
        raise DumpError(_not_xenforo(document, text))
    template = _template(document, version)
    if template and template != "thread_view":
        what = _WHAT_PAGE.get(template, f"'{template}' page")
        raise DumpError(f"a XenForo {version} {what}, not a thread")
    read = _read_xf1 if version == 1 else _read_xf2
    thread = read(document, saved_on)
    if not thread.posts:
        raise DumpError(f"a XenForo {version} page with no posts after the thread header")
    if not re.search(r"</html\s*>", text[-5000:], re.I):
        raise DumpError(
            f"the page is truncated: it stops after {post_label(thread.posts[-1])} "
            "without the end of the HTML document"
        )
    if document.cssselect(".pollBlock, .PollVoteForm, .block--poll, .pollResults"):
        thread.warnings.append(DumpWarning(0, "the thread's poll is not imported", "the thread"))
    number_posts(thread.posts, thread.warnings)
    give_usernames(thread.posts, thread.warnings)
    thread.source_format = f"XenForo {version} HTML"
    return thread


def _make_links_absolute(document):
    """Links and images relative to the source forum ("attachments/1.jpg") would point into
    this one: make them absolute from the page's ``<base>`` or its canonical address."""
    base = document.xpath("//base/@href") or document.xpath("//link[@rel='canonical']/@href")
    base = base or document.xpath("//meta[@property='og:url']/@content")
    if base and base[0].startswith(("http://", "https://")):
        document.make_links_absolute(base[0], resolve_base_href=True)


def _xenforo_version(document, text):
    root = document.getroottree().getroot()
    if root.get("data-app") == "public" or root.get("data-template") or root.cssselect(".p-body"):
        return 2
    if root.get("id") == "XenForo" or document.cssselect("#messageList, #content[class]"):
        return 1
    if "XenForo" in text[:20000] and document.cssselect("article.message, li.message"):
        return 2 if document.cssselect("article.message") else 1
    return None


def _template(document, version):
    root = document.getroottree().getroot()
    if version == 2:
        return root.get("data-template") or ""
    content = document.cssselect("#content")
    names = (content[0].get("class") or "").split() if content else []
    return names[0] if names else ""


def _not_xenforo(document, text):
    generator = " ".join(document.xpath("//meta[@name='generator']/@content"))
    for name, pattern in _OTHER_SOFTWARE:
        if pattern.search(generator) or pattern.search(text[:50000]):
            return f"a {name} page, not a XenForo thread"
    title = " ".join(document.xpath("//title/text()")).strip()
    seen = f" (titled '{title[:80]}')" if title else ""
    return f"an HTML page{seen} that is not a XenForo thread: no XenForo posts in it"


def _text(element):
    return " ".join(element.text_content().split()) if element is not None else ""


def _first(element, selector, default=None):
    # Never ``_first(...) or other``: an lxml element without children is false.
    found = element.cssselect(selector)
    return found[0] if found else default


def _time_of(element, saved_on):
    """``(datetime or None, time known, why unknown)`` from a XenForo date element."""
    if element is None:
        return None, False, "the post shows no date"
    if element.get("data-time"):  # a Unix time: exact
        return from_unix(element.get("data-time")), True, ""
    if element.get("datetime"):
        try:
            return datetime.fromisoformat(element.get("datetime")), True, ""
        except ValueError:
            pass
    # A <span> keeps the full date in its title ("Oct 17, 2015 at 11:00 AM") and may show
    # "Yesterday at 9:14 AM".
    for value in (element.get("title"), element.get("data-datestring"), _text(element)):
        if value:
            moment, known, why = read_date(value, saved_on=saved_on)
            if moment is not None:
                return moment, known, why
    return None, False, why


def _pairs(element):
    """The label/value pairs of a member's facts (``dl`` with ``dt``/``dd``)."""
    facts = {}
    for pair in element.cssselect("dl"):
        label, value = _first(pair, "dt"), _first(pair, "dd")
        if label is not None and value is not None:
            # Some styles show an icon for the label, its name only in ``title``.
            name = _text(label) or label.get("title") or ""
            facts[name.rstrip(":").strip().casefold()] = _text(value)
    return facts


# The facts the reader keeps, by their (English) labels; others (Trophy Points and the like)
# are left out on purpose.
_KNOWN_FACTS = {"joined", "messages", "likes received", "reaction score", "location"}


def _member(name, title, banners, facts, saved_on, warnings, where):
    if facts and not _KNOWN_FACTS & facts.keys():
        # A translated or renamed style: say so rather than leave every fact unknown in silence.
        labels = ", ".join(sorted(facts))
        warnings.append(
            DumpWarning(
                0, f"member facts left unknown: no label the reader knows ({labels})", where
            )
        )
    role, others = split_banners(banners)
    role = clip("banner", role, warnings, where)
    name = clip("username", name, warnings, where)
    joined = None
    if facts.get("joined"):
        moment, _, why = read_date(facts["joined"], saved_on=saved_on)
        joined = moment.date() if moment else None
        if joined is None:
            warnings.append(DumpWarning(0, f"join date unknown: {why}", where))
    likes = facts.get("likes received", facts.get("reaction score"))
    return ParsedMember(
        username=name,
        source_name=name,
        title=clip("custom title", title, warnings, where),
        banner=role,
        other_banners=others,
        joined_on=joined,
        message_count=parse_count(facts.get("messages")),
        likes_received=parse_count(likes),
        location=facts.get("location", "")[:100],
    )


def _finish_post(
    post, element, *, likes, viewer, selectors, saved_on, why, warnings, textless=False
):
    """What both XenForo versions read alike once the post is made: its likes line, edit note,
    signature and attachments (``selectors`` name the last three in the version's classes),
    and the warning for a day the page did not give."""
    edit, signature, attachments = selectors
    post.likers, post.other_likes = _likes(likes, viewer)
    if not post.likers and not post.other_likes:
        post.other_likes = None
    _edit_and_signature(post, element, edit, signature, saved_on)
    if post.posted_at is None:
        post.day_unknown = True
        warnings.append(DumpWarning(0, f"day unknown: {why}", post_label(post)))
    if textless:
        warnings.append(DumpWarning(0, "the post has no text in the page", post_label(post)))
    _warn_of_attachments(element, attachments, post, warnings)


def _thread_header(document, title_selector, warnings):
    title_element = _first(document, title_selector, _first(document, "h1"))
    title = clip("thread title", _text(title_element), warnings, "the thread")
    description = _first(document, "#pageDescription, .p-description")
    board = starter = ""
    started_on = None
    if description is not None:
        match = _DISCUSSION.search(_text(description))
        if match:
            board, starter = match["board"], match["starter"]
        starter_link = _first(description, ".username")
        starter = _text(starter_link) or starter
        moment, _, _ = _time_of(_first(description, ".DateTime, time, .u-dt"), None)
        started_on = moment.date() if moment else None
    crumbs = [
        _text(crumb)
        for crumb in document.cssselect(
            ".breadcrumb .crust a span, .p-breadcrumbs li a span, .p-breadcrumbs li a"
        )
        if _text(crumb)
    ]
    if not board and crumbs:
        board = crumbs[-1]
    if not title:
        raise DumpError("the page has no thread title (no h1)")
    if not board:
        warnings.append(DumpWarning(0, "the page names no board; using 'Imported'", "the thread"))
        board = "Imported"
    return title, clip("board name", board, warnings, "the thread"), starter, started_on


def _page_numbers(document):
    nav = _first(document, ".PageNav[data-page], .pageNav")
    if nav is None:
        return None, None
    if nav.get("data-page"):
        return int(nav.get("data-page")), int(nav.get("data-last") or nav.get("data-page"))
    current = _first(nav, ".pageNav-page--current")
    pages = [parse_count(_text(link)) for link in nav.cssselect(".pageNav-page")]
    pages = [page for page in pages if page]
    return (parse_count(_text(current)) if current is not None else None), max(pages, default=None)


def _likes(bar, viewer):
    if bar is None or not _text(bar):
        return [], None
    text = _text(bar)
    names, others = parse_likes(text, [_text(link) for link in bar.cssselect(".username, bdi")])
    if re.match(r"You\b", text):
        # "You" is the member who saved the page: the visitor menu names them, if it is there.
        if viewer:
            names.append(viewer)
        else:
            others += 1
    return names, others


def _read_xf1(document, saved_on):
    warnings = []
    title, board, starter, started_on = _thread_header(document, ".titleBar h1", warnings)
    page, last_page = _page_numbers(document)
    viewer = _text(_first(document, "#AccountMenu .accountUsername, .visitorTabs .username"))
    posts = []
    for item in document.cssselect("#messageList > li.message, ol.messageList > li.message"):
        if "deleted" in (item.get("class") or "").split() or not item.get("data-author"):
            # Deleted placeholders and sponsor blocks dressed as messages.
            after = f"after {post_label(posts[-1])}" if posts else "before the first post"
            warnings.append(DumpWarning(0, f"skipped a block with no author {after}", "the thread"))
            continue
        user_info = _first(item, ".messageUserInfo", item)
        name = item.get("data-author")
        where = f"post {item.get('id', '')}".strip()
        body = _first(item, "blockquote.messageText, .messageText")
        meta = _first(item, ".messageMeta", item)
        date_element = _first(item, ".datePermalink .DateTime")
        if date_element is None:
            date_element = next(
                (
                    element
                    for element in item.cssselect(".DateTime")
                    if not element.xpath("ancestor::*[contains(@class, 'editDate')]")
                    and not element.xpath("ancestor::*[contains(@class, 'messageUserInfo')]")
                ),
                None,
            )
        number_link = _first(item, "a.postNumber", _first(meta, "a[href*='post']"))
        number_match = _POST_NUMBER.search(_text(number_link)) if number_link is not None else None
        posted_at, time_known, why = _time_of(date_element, saved_on)
        post = ParsedPost(
            line=0,
            number=parse_count(number_match[1]) if number_match else None,
            position=0,
            author=_member(
                name,
                _text(_first(user_info, ".userTitle")),
                [_text(banner) for banner in user_info.cssselect(".userBanner")],
                _pairs(_first(user_info, ".extraUserInfo", user_info)),
                saved_on,
                warnings,
                where,
            ),
            body=to_markup(body) if body is not None else "",
            posted_at=posted_at,
            time_known=time_known,
            page=page,
            source_id=parse_count((item.get("id") or "").removeprefix("post-")),
        )
        _finish_post(
            post,
            item,
            likes=_first(item, ".likesSummary .LikeText"),
            viewer=viewer,
            selectors=(".editDate", ".signature", ".attachedFiles .attachment"),
            saved_on=saved_on,
            why=why,
            warnings=warnings,
            textless=body is None,
        )
        posts.append(post)
    return ParsedThread(
        title=title,
        board=board,
        starter=starter or (posts[0].author.source_name if posts else ""),
        started_on=started_on,
        posts=posts,
        warnings=warnings,
        page=page,
        last_page=last_page,
    )


def _warn_of_attachments(item, selector, post, warnings):
    files = item.cssselect(selector)
    if files:
        names = ", ".join(_text(file)[:40] for file in files[:3])
        warnings.append(
            DumpWarning(0, f"{len(files)} attached file(s) not imported: {names}", post_label(post))
        )


def _edit_and_signature(post, item, edit_selector, signature_selector, saved_on):
    edit = _first(item, edit_selector)
    if edit is not None:
        post.edit_note = _text(edit)
        moment, _, _ = _time_of(_first(edit, ".DateTime, time"), saved_on)
        post.edited_at = moment
    signature = _first(item, signature_selector)
    if signature is not None:
        content = _first(signature, ".bbWrapper", signature)
        post.signature = to_markup(content)


def _read_xf2(document, saved_on):
    warnings = []
    title, board, starter, started_on = _thread_header(document, "h1.p-title-value", warnings)
    page, last_page = _page_numbers(document)
    viewer = _text(_first(document, ".p-navgroup-link--user .p-navgroup-linkText"))
    posts = []
    for article in document.cssselect("article.message--post"):
        name = article.get("data-author")
        if not name or "message--deleted" in (article.get("class") or "").split():
            after = f"after {post_label(posts[-1])}" if posts else "before the first post"
            warnings.append(
                DumpWarning(0, f"skipped a deleted or authorless message {after}", "the thread")
            )
            continue
        where = article.get("data-content") or "a post"
        number = None
        for link in article.cssselect(".message-attribution-opposite a"):
            match = _POST_NUMBER.fullmatch(_text(link))
            if match:
                number = parse_count(match[1])
        body = _first(article, ".message-body .bbWrapper, .message-content .bbWrapper")
        posted_at, time_known, why = _time_of(
            _first(article, ".message-attribution-main time, .message-attribution time"),
            saved_on,
        )
        post = ParsedPost(
            line=0,
            number=number,
            position=0,
            author=_member(
                name,
                _text(_first(article, ".message-userTitle")),
                [_text(banner) for banner in article.cssselect(".message-userBanner")],
                _pairs(_first(article, ".message-userExtras", article)),
                saved_on,
                warnings,
                where,
            ),
            body=to_markup(body) if body is not None else "",
            posted_at=posted_at,
            time_known=time_known,
            page=page,
            source_id=parse_count(where.removeprefix("post-")),
        )
        _finish_post(
            post,
            article,
            likes=_first(article, ".reactionsBar-link, .likesBar .likeText, .likesBar"),
            viewer=viewer,
            selectors=(
                ".message-lastEdit",
                ".message-signature",
                ".message-attachments .attachment",
            ),
            saved_on=saved_on,
            why=why,
            warnings=warnings,
        )
        posts.append(post)
    return ParsedThread(
        title=title,
        board=board,
        starter=starter or (posts[0].author.source_name if posts else ""),
        started_on=started_on,
        posts=posts,
        warnings=warnings,
        page=page,
        last_page=last_page,
    )
