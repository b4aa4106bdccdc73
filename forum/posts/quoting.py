"""Quoting posts into a reply, in the forum's attributed form ``[quote="name, post:N"]``.

As on XenForo and Discourse, a quote carries the quoted post's own words only: quotes nested
inside it are dropped, so that quoting a quote does not grow a pyramid.
"""

import re

_QUOTE_TAG = re.compile(r"\[quote(?:=[^\]\n]*)?\]|\[/quote\]", re.IGNORECASE)


def without_nested_quotes(source):
    """``source`` with its ``[quote]…[/quote]`` blocks removed; unbalanced tags leave it as is."""
    kept, depth, position = [], 0, 0
    for match in _QUOTE_TAG.finditer(source):
        if depth == 0:
            kept.append(source[position : match.start()])
        if match.group(0).lower() == "[/quote]":
            if depth == 0:
                return source
            depth -= 1
        else:
            depth += 1
        position = match.end()
    if depth:
        return source
    kept.append(source[position:])
    return re.sub(r"\n{3,}", "\n\n", "".join(kept)).strip()


def quote_markup(post, *, thread=None):
    """The markup that quotes ``post``; ``thread`` is the thread being replied to, if another."""
    attribution = f"{post.author.username}, post:{post.position}"
    if thread is not None and thread.pk != post.thread_id:
        attribution += f", topic:{post.thread_id}"
    return f'[quote="{attribution}"]\n{without_nested_quotes(post.body)}\n[/quote]\n'


def quotes_markup(posts):
    """The quotes of ``posts``, in order, ready to be the start of a reply."""
    quotes = [quote_markup(post) for post in posts if post.body.strip()]
    return "\n".join(quotes) + "\n" if quotes else ""


def with_quotes(text, posts):
    """``text`` (what is in the reply box already) followed by the quotes of ``posts``."""
    quotes = quotes_markup(posts)
    if not text.strip():
        return quotes
    if not quotes:
        return text
    return text.rstrip("\n") + "\n\n" + quotes
