"""Many writers at once through two app servers: counters stay equal to a recount, nothing is
doubled, nothing answers 500."""

import os
import random
import threading
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count

from accounts.roles import Role
from forum.posts.models import Like, Post
from tests.factories import BoardFactory, UserFactory
from tests.faults.processes import Browser, token
from tests.helpers import fixes_recount_would_make, make_thread

pytestmark = pytest.mark.django_db(transaction=True)

# The issue asks for 10,000 operations; on CI's two shared cores that is several minutes, so
# the default is scaled down (set FORUM_FAULT_STORM_OPS=10000 for the full storm).
STORM_OPS = int(os.environ.get("FORUM_FAULT_STORM_OPS", "1500"))


def at_once(calls):
    """Run every call in its own thread, released together; their results in order."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        start.wait()
        try:
            results[index] = call()
        except OSError as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_hundred_members_liking_one_post_at_once_count_two_hundred(app_servers):
    servers = app_servers(2)
    post = make_thread(posts=1).posts.get()
    likers = [Browser.logged_in(UserFactory()) for _ in range(200)]
    # A quarter of them click twice: still one like each.
    calls = [
        (lambda member=member, n=n: member.post(servers[n % 2], f"/posts/{post.pk}/like/"))
        for n, member in enumerate(likers + likers[:50])
    ]
    answers = at_once(calls)
    assert Counter(answer.status for answer in answers) == {302: 250}
    post.refresh_from_db()
    assert post.like_count == 200 == Like.objects.filter(post=post).count()
    post.author.refresh_from_db()
    assert post.author.likes_received == 200
    assert fixes_recount_would_make() == {}


def test_one_reply_sent_twenty_times_at_once_makes_one_post(app_servers):
    servers = app_servers(2)
    thread = make_thread(posts=1)
    member = Browser.logged_in(UserFactory())
    form = {"body": "Sent twenty times by an impatient finger.", "token": token()}
    answers = at_once(
        [
            (lambda n=n: member.post(servers[n % 2], f"/threads/{thread.pk}/reply/", form))
            for n in range(20)
        ]
    )
    assert {answer.status for answer in answers} == {302}
    assert {answer.location for answer in answers} == {answers[0].location}  # the one post
    assert Post.objects.filter(body=form["body"]).count() == 1
    assert fixes_recount_would_make() == {}


def test_random_writes_by_fifty_members_on_two_servers_keep_every_counter(app_servers):
    servers = app_servers(2)
    boards = [BoardFactory(), BoardFactory()]
    threads = [make_thread(posts=3, board=boards[n % 2]) for n in range(4)]
    moderators = [UserFactory(role=Role.MODERATOR) for _ in range(2)]
    members = moderators + [UserFactory() for _ in range(48)]
    browsers = {member.pk: Browser.logged_in(member) for member in members}
    statuses = Counter()
    lock = threading.Lock()

    def operate(member, rng):
        # Hidden posts answer 404 to a like, an edit or a hide: pick among those shown.
        posts = list(
            Post.objects.filter(thread__in=threads, is_hidden=False).values_list(
                "pk", "author_id", "revision"
            )
        )
        own = [post for post in posts if post[1] == member.pk]
        others = [post for post in posts if post[1] != member.pk]
        thread = rng.choice(threads)
        kind = rng.choice(["reply", "reply", "like", "like", "unlike", "edit", "hide", "move"])
        if kind == "move" and member in moderators:
            board = rng.choice(boards)
            return f"/threads/{thread.pk}/moderate/move/", {"board": board.pk, "reason": "Storm."}
        if kind in ("like", "unlike"):
            return f"/posts/{rng.choice(others)[0]}/{kind}/", {}
        if kind == "reply" or not own:
            form = {"body": f"Storm by {member.username}.", "token": token()}
            return f"/threads/{thread.pk}/reply/", form
        pk, _, revision = rng.choice(own)
        if kind == "edit":
            edit = {"body": f"Edited by {member.username}.", "revision": revision}
            return f"/posts/{pk}/edit/", edit
        return f"/posts/{pk}/hide/", {"reason": ""}

    def worker(number):
        rng = random.Random(number)
        mine = members[number::10]
        try:
            for step in range(STORM_OPS // 10):
                member = mine[step % len(mine)]
                path, form = operate(member, rng)
                answer = browsers[member.pk].post(servers[step % 2], path, form)
                with lock:
                    statuses[answer.status] += 1
        finally:
            connection.close()

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(10)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert sum(statuses.values()) == STORM_OPS // 10 * 10
    errors = [error for server in servers for error in server.errors()]
    assert not [status for status in statuses if status >= 500], (statuses, errors)
    assert statuses[302] > STORM_OPS // 2, statuses
    assert fixes_recount_would_make() == {}
    assert not Like.objects.values("post", "user").annotate(n=Count("pk")).filter(n__gt=1)
    repeated = Post.objects.exclude(submission_token=None).values("submission_token")
    assert not repeated.annotate(n=Count("pk")).filter(n__gt=1).exists()
