"""Import a generated 100-page (2,000-post) XenForo 1 HTML thread and measure it.

    DATABASE_URL=postgres://… .venv/bin/python bench/import_pages.py [--pages 100 --per-page 20]

Writes the pages into a temporary folder (each a full XenForo 1 page: member facts, a quote
of the post before, a likes line, a signature), runs ``import_thread`` on the folder in this
process against the database of DATABASE_URL (its tables are migrated first), and prints the
wall-clock seconds and the process's peak resident memory. The thread is deleted afterwards.
"""

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

import django  # noqa: E402

HEAD = """<!DOCTYPE html>
<html id="XenForo" class="Public LoggedOut"><head><meta charset="utf-8" /><title>Bench</title>
</head><body>
<div class="breadBoxTop"><fieldset class="breadcrumb"><span class="crust"><a href="f/"><span>
Bench Board</span></a></span></fieldset></div>
<div id="content" class="thread_view"><div class="titleBar"><h1>A very long benchmark thread</h1>
<p id="pageDescription">Discussion in '<a href="f/">Bench Board</a>' started by
<a class="username" href="m/0">member0</a>, <abbr class="DateTime" data-time="1500000000">x</abbr>.
</p></div>
<div class="PageNav" data-page="{page}" data-last="{last}"></div>
<ol class="messageList" id="messageList">
"""
POST = """<li id="post-{id}" class="message" data-author="member{author}">
<div class="messageUserInfo"><h3 class="userText"><a class="username" href="m/">member{author}</a>
<em class="userTitle">Regular</em></h3><div class="extraUserInfo">
<dl><dt>Joined:</dt><dd>Mar 24, 2009</dd></dl><dl><dt>Messages:</dt><dd>{id}</dd></dl>
<dl><dt>Likes Received:</dt><dd>1,204</dd></dl></div></div>
<div class="messageInfo"><blockquote class="messageText ugc baseHtml">{quote}
Post {number} says <b>something</b> with a <a href="https://example.org/{number}">link</a>.<br />
<br />Second paragraph of post {number}, long enough to look like a real reply on a forum.
</blockquote>
<div class="baseHtml signature messageText ugc"><aside>member{author}'s signature</aside></div>
<div class="messageMeta"><a class="datePermalink"><abbr class="DateTime" data-time="{time}">x</abbr>
</a><a class="postNumber" href="t/">#{number}</a></div>
<div class="likesSummary"><span class="LikeText"><a class="username">member1</a> and
<a>3 others</a> like this.</span></div></div></li>
"""
QUOTE = """<div class="bbCodeBlock bbCodeQuote" data-author="member{author}"><aside>
<div class="attribution type">member{author} said: <a href="goto/post?id={id}">↑</a></div>
<blockquote class="quoteContainer"><div class="quote">Post {number} says something</div>
</blockquote></aside></div>"""


def write_pages(folder, pages, per_page):
    for page in range(1, pages + 1):
        parts = [HEAD.format(page=page, last=pages)]
        for offset in range(per_page):
            number = (page - 1) * per_page + offset + 1
            quote = ""
            if number > 1:
                quote = QUOTE.format(
                    author=(number - 1) % 50, id=1000 + number - 1, number=number - 1
                )
            parts.append(
                POST.format(
                    id=1000 + number,
                    author=number % 50,
                    number=number,
                    time=1500000000 + number * 60,
                    quote=quote,
                )
            )
        parts.append("</ol></div></body></html>\n")
        (folder / f"page-{page:03}.html").write_text("".join(parts), encoding="utf-8")


def main():
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--pages", type=int, default=100)
    arguments.add_argument("--per-page", type=int, default=20)
    options = arguments.parse_args()
    django.setup()
    from django.core.management import call_command

    from forum.threads.models import Thread

    call_command("migrate", verbosity=0)
    with tempfile.TemporaryDirectory() as folder:
        write_pages(Path(folder), options.pages, options.per_page)
        started = time.perf_counter()
        call_command("import_thread", folder, verbosity=0)
        seconds = time.perf_counter() - started
    thread = Thread.objects.get(title="A very long benchmark thread")
    posts = thread.posts.count()
    thread.delete()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{options.pages} pages, {posts} posts: {seconds:.1f} s, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
