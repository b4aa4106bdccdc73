"""Search where no vectors are stored (SQLite, the embedded default): a plain scan of the
posts' text as written, honest about being one.

It understands what ``websearch_to_tsquery`` does (words, "phrases", -exclusions, ``OR``) but
matches each as a piece of the text, case-insensitively for ASCII letters only: no stemming
("reply" does not find "replies"), no stop words, no ranking (the newest posts come first),
and every search reads every post. Fine for a small forum and for trying the forum out; a
forum that grows runs on PostgreSQL (``postgres.py``).
"""

import re

from django.db.models import Q

from forum.posts.models import Post
from forum.search.hits import START, STOP, Hit, HitPage, Refused, post_url, safe_snippet
from forum.search.narrowing import (
    count_and_page,
    latest_matches,
    narrow_posts,
    narrow_threads,
    page_slice,
)
from forum.threads.models import Thread

_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


def parse(words):
    """``(clauses, excluded)``: every clause must match, by any of its alternatives (terms
    joined by OR); no excluded term may."""
    clauses, excluded = [], []
    either = after_term = False  # OR joins a term to the term just before it
    for token in _TOKEN.findall(words):
        if token == "OR":
            either = after_term
            continue
        negative = token.startswith("-") and len(token) > 1
        term = " ".join(token.lstrip("-").strip('"').split())
        if not term:
            continue
        if negative:
            excluded.append(term)
        elif either:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        either, after_term = False, not negative
    return clauses, excluded


def _matching(rows, clauses, excluded, has):
    for alternatives in clauses:
        rows = rows.filter(_any(has(term) for term in alternatives))
    for term in excluded:
        rows = rows.exclude(has(term))
    return rows


def _any(conditions):
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined


def _post_has(term):
    # The opening post carries its thread's title, as the PostgreSQL vectors do.
    return Q(body__icontains=term) | Q(position=1, thread__title__icontains=term)


def search(words, *, user, filters, page):
    clauses, excluded = parse(words)
    if words and not clauses:
        raise Refused("Add a word to look for: excluded words (-word) only narrow a search down.")
    terms = [term for alternatives in clauses for term in alternatives]
    if filters.titles_only:
        threads = narrow_threads(Thread.objects.visible_to(user), filters)
        threads = _matching(threads, clauses, excluded, lambda term: Q(title__icontains=term))
        total, more, number, pages, start = count_and_page(threads, page)
        threads = Thread.objects.filter(pk__in=latest_matches(threads))
        threads = threads.select_related("board", "starter").order_by("-created_at", "-id")
        hits = [
            _hit(thread, thread.board, thread.starter, thread.created_at, 1, thread.title, terms)
            for thread in page_slice(threads, start)
        ]
        return HitPage(hits, number, pages, total, more, words, filters.member)
    posts = narrow_posts(Post.objects.visible_to(user), filters)
    posts = _matching(posts, clauses, excluded, _post_has)
    total, more, number, pages, start = count_and_page(posts, page)
    posts = Post.objects.filter(pk__in=latest_matches(posts))
    posts = posts.select_related("thread__board", "author").order_by("-created_at", "-id")
    hits = [
        _hit(post.thread, post.thread.board, post.author, post.created_at, post.position,
             post.excerpt, terms, post_id=post.pk)
        for post in page_slice(posts, start)
    ]  # fmt: skip
    return HitPage(hits, number, pages, total, more, words, filters.member)


def _hit(thread, board, author, created_at, position, text, terms, post_id=0):
    return Hit(
        post_id=post_id,
        thread_title=thread.title,
        board_name=board.name,
        board_url=board.get_absolute_url(),
        author_name=author.username,
        author_url=author.get_absolute_url(),
        created_at=created_at,
        position=position,
        snippet=safe_snippet(marked(text, terms)),
        url=post_url(thread, position),
    )


def marked(text, terms, *, width=240):
    """Escaped ``text`` (plain text), cut to about ``width`` characters around the first term
    found, with START/STOP around each term, for ``safe_snippet``."""
    found = (
        re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE) if terms else None
    )
    first = found.search(text) if found else None
    begin = max(0, first.start() - width // 3) if first else 0
    if begin:
        begin = text.find(" ", begin) + 1 or begin
    piece = text[begin : begin + width]
    out, at = ["… " if begin else ""], 0
    for match in found.finditer(piece) if found else []:
        out += [_escaped(piece[at : match.start()]), START, _escaped(match.group()), STOP]
        at = match.end()
    out.append(_escaped(piece[at:]))
    if begin + width < len(text):
        out.append(" …")
    return "".join(out)


def _escaped(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
