"""The peer benchmark's data spec, written again here so the forum needs nothing outside itself.

The Django forums we measure ourselves against are all loaded with the same data, defined by
the shared benchmark's ``benchgen`` module. This module gives the same answers for the same
arguments (a test compares the two wherever the shared copy is at hand): 200 members, one
board, 2,000 threads of which thread 0 has 1,000 posts and the others 10, three paragraphs of
about 600 characters per post, thread ``t`` started ``t`` hours after 2024-01-01 and its post
``j`` (0-based) ``j`` minutes later, written by member ``(7t + j) % 200``.
"""

import random
from datetime import UTC, datetime, timedelta

N_USERS = 200
N_THREADS = 2000
BIG_THREAD_INDEX = 0
BIG_THREAD_POSTS = 1000
POSTS_PER_THREAD = 10
POST_CHARS = 600
PARAGRAPHS = 3
PASSWORD = "bench-pass"
BASE_TIME = datetime(2024, 1, 1, tzinfo=UTC)
CATEGORY_NAME = "Bench category"
FORUM_NAME = "Bench forum"

WORDS = (  # noqa: SIM905 (a word list reads best as text)
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud "
    "exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in "
    "reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint "
    "occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est "
    "forum thread reply post user topic board moderator question answer django python"
).split()


def username(i):
    return f"user{i + 1:04d}"


def email(i):
    return f"user{i + 1:04d}@example.com"


def posts_in_thread(t):
    return BIG_THREAD_POSTS if t == BIG_THREAD_INDEX else POSTS_PER_THREAD


def thread_title(t):
    if t == BIG_THREAD_INDEX:
        return f"The big thread with {BIG_THREAD_POSTS} posts"
    return f"Bench thread number {t} about {WORDS[t % len(WORDS)]}"


def thread_start(t):
    return BASE_TIME + timedelta(hours=t)


def post_time(t, j):
    return thread_start(t) + timedelta(minutes=j)


def poster_index(t, j):
    return (t * 7 + j) % N_USERS


def paragraph(rng, size):
    """Words drawn from ``WORDS`` until ``size`` characters, capitalised, with a full stop."""
    words, length = [], 0
    while length < size:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def post_text(t, j):
    """About POST_CHARS characters of plain text: PARAGRAPHS paragraphs, blank-line separated."""
    rng = random.Random(t * 100003 + j)
    size = (POST_CHARS - 2 * (PARAGRAPHS - 1)) // PARAGRAPHS
    return "\n\n".join(paragraph(rng, size) for _ in range(PARAGRAPHS))
