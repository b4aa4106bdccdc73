"""Build small XenForo 1.x thread dumps, so that each importer test states only what matters.

The shape is the seed's (``fixtures/000_51ec9f9ae53a6e19.txt``): a title, the "Discussion in"
line, then per post a number line, the member line, the join date, "Likes Received:" and the
body, and finally XenForo's "Share This Page".
"""

from pathlib import Path

SEED_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "000_51ec9f9ae53a6e19.txt"
SEED_FIXTURE_PATH = SEED_PATH.with_name("seed_thread.json")

TITLE = "A thread about nothing much"
DISCUSSION = "Discussion in 'General' started by Alice, Oct 17, 2015."
FOOTER = "Share This Page"


def post(
    author,
    *body,
    number=1,
    member=None,
    joined="Mar 24, 2009",
    likes=None,
    location=None,
):
    """The lines of one post; ``body`` holds its lines, "" for a blank one.

    ``number=None`` leaves the number line out, ``member`` replaces the member line
    (by default the author as a regular member).
    """
    lines = []
    if number is not None:
        lines += [f"  {number}. {author}", ""]
    lines += [
        f"    {member or author + ' Regular Member'}",
        "",
        f"    {joined}",
        "    Likes Received:",
    ]
    if likes is not None:
        lines.append(f"    {likes}")
    if location is not None:
        lines.append(f"    {location}")
    lines += [f"    {line}" if line else "" for line in body]
    return lines


def dump(*posts, title=TITLE, discussion=DISCUSSION, footer=True):
    """A whole dump made of ``posts`` (each from ``post``), as one string."""
    lines = [title, "", discussion, ""] if title is not None else [discussion, ""]
    for lines_of_post in posts:
        lines += lines_of_post
    if footer:
        lines += ["", FOOTER]
    return "\n".join(lines)


def line_of(text, content, occurrence=1):
    """The 1-based number of the line of ``text`` that reads ``content`` (indentation aside)."""
    found = [
        number for number, line in enumerate(text.split("\n"), start=1) if line.strip() == content
    ]
    return found[occurrence - 1]
