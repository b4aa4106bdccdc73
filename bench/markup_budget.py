"""CPU time to render pathological post bodies: no 50,000-character body may cost much.

    .venv/bin/python bench/markup_budget.py            # every input, then the worst case
    .venv/bin/python bench/markup_budget.py --repeat 5 # best of five runs per input

Each input is a body at most ``FORUM_POST_MAX_LENGTH`` (50,000) characters long. Bodies over one
of the markup limits are refused by the form before they are rendered; the script measures what
the server spends on them either way: the limit check, and the rendering of the ones that pass.
Mentions are answered by a function (every name is a member), so no database is needed and
every ``@name`` is linked. Times are process CPU time (``time.process_time``), best of N runs,
each with the markup's caches emptied first.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

import django  # noqa: E402

django.setup()

from forum import markup  # noqa: E402

SIZE = 50_000
BUDGET_MS = 50


def fill(unit, size=SIZE):
    """``unit`` repeated up to ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def table(rows, columns):
    header = "|" + "|".join("h" for _ in range(columns)) + "|\n"
    rule = "|" + "|".join("-" for _ in range(columns)) + "|\n"
    row = "|" + "|".join("c" for _ in range(columns)) + "|\n"
    return (header + rule + row * rows)[:SIZE]


def nested_quotes(depth):
    return ("[quote=a]" * depth + "x" + "[/quote]" * depth)[:SIZE]


def corpus():
    """Named pathological inputs, each at most 50,000 characters."""
    items = {
        "table 8,000 rows": table(8_000, 2),
        "table 8,000 columns": table(1, 8_000),
        "table 2,000 x 10": table(2_000, 10),
        "***a x 12,500": fill("***a"),
        "5,000 code fences": fill("```\nx\n```\n"),
        "*_ x 25,000": fill("*_"),
        "*a x 25,000": fill("*a"),
        "_a x 25,000": fill("_a"),
        "~~a x 16,000": fill("~~a"),
        "[ x 50,000": fill("["),
        "[a]( x 12,500": fill("[a]("),
        "![ x 25,000": fill("!["),
        "backtick x 25,000 (`a)": fill("`a"),
        "backtick runs of growing length": "".join("`" * n + "a" for n in range(1, 316))[:SIZE],
        "‹ x 50,000": fill("\u2039"),
        "< x 50,000": fill("<"),
        "& x 50,000": fill("&"),
        "&amp; x 10,000": fill("&amp;"),
        "&copy; x 8,300": fill("&copy;"),
        "&#x26; x 8,300": fill("&#x26;"),
        '" x 50,000': fill('"'),
        "3,000 quotes": fill("[quote=a]x[/quote]\n", 3_000 * 19),
        "[quote] nested 5,500 deep": nested_quotes(5_500),
        "[quote] opened 5,500 times": fill("[quote=a]"),
        "@name x 6,250": fill("@abcdef "),
        "@a x 16,600": fill("@a "),
        "> nested 50,000 deep": fill(">"),
        "> nested 1,000 deep, then text": ">" * 1_000 + " x",
        "> 25,000 lines": fill("> a\n"),
        "- nested lists": "".join("  " * n + "- x\n" for n in range(200))[:SIZE],
        "- nested lists 4,000 deep": fill("- "),
        "1. nested lists": fill("1. "),
        "- 12,500 items": fill("- a\n"),
        "many links": fill("[a](https://example.com/) "),
        "many bare URLs": fill("https://example.com/ "),
        "many www. URLs": fill("www.example.com "),
        "many emails": fill("a@example.com "),
        "many images": fill("![a](https://example.com/a.png) "),
        "reference links": "".join(f"[r{n}]: https://example.com/{n}\n" for n in range(1_800))[
            : SIZE // 2
        ]
        + fill("[r1] ", SIZE // 2),
        "undefined reference links": fill("[a][b] "),
        "link titles": fill('[a](b "c") '),
        "autolinks": fill("<https://example.com/> "),
        "headings": fill("# a\n"),
        "setext headings": fill("a\n=\n"),
        "thematic breaks": fill("***\n"),
        "indented code": fill("    a\n"),
        "hard breaks": fill("a  \n"),
        "backslash escapes": fill("\\*"),
        "html-looking text": fill("<b>x</b>"),
        'code with <&" x 1 block': "```\n" + fill('<&"', SIZE - 8) + "\n```",
        'inline code with <&"': fill('`<&"` '),
        "plain prose": fill("The quick brown fox jumps over the lazy dog. "),
        "one long word": fill("a"),
        "newlines": fill("\n"),
        "spaces": fill(" "),
        "tabs": fill("\t"),
        "mixed emphasis": fill("**a *b _c_ b* a** "),
        "strikethrough runs": fill("~~"),
        "pipes": fill("|"),
        "list + quote nesting": fill("> - "),
    }
    return {name: text[:SIZE] for name, text in items.items()}


def everyone_is_a_member(names):
    return {name: f"/members/{name.lower()}.1/" for name in names}


def cost(text, repeat):
    """Best CPU milliseconds for checking ``text`` and, if it passes, rendering it."""
    check = getattr(markup, "markup_limit_error", None)
    best = None
    refused = ""
    for _ in range(repeat):
        # Each run starts cold, as a request does: the block pass is cached for the render
        # that follows a check, never across requests' different bodies.
        for cached in ("_block_facts", "_code_ranges", "_plain_entity"):
            if hasattr(markup, cached):
                getattr(markup, cached).cache_clear()
        start = time.process_time()
        refused = check(text) if check else None
        if not refused:
            markup.render_post_body(text, mentions=everyone_is_a_member)
        spent = (time.process_time() - start) * 1000
        best = spent if best is None else min(best, spent)
    return best, refused


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per input (best is kept)")
    parser.add_argument("--only", help="only inputs whose name contains this")
    args = parser.parse_args()
    results = []
    for name, text in corpus().items():
        if args.only and args.only not in name:
            continue
        ms, refused = cost(text, args.repeat)
        results.append((ms, name))
        note = f"  refused: {refused}" if refused else ""
        print(f"{ms:9.1f} ms  {name} ({len(text):,} chars){note}", flush=True)
    worst_ms, worst = max(results)
    verdict = "within" if worst_ms <= BUDGET_MS else "OVER"
    print(f"worst: {worst_ms:.1f} ms ({worst}); budget {BUDGET_MS} ms: {verdict}")


if __name__ == "__main__":
    main()
