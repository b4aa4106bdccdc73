"""The stored count of unread alerts stays exact when alerts are made, read and hidden at the
same moment by many members.

Each worker is a Python thread with its own database connection and real transactions, all
released together by a barrier (``tests.helpers.run_at_once``): the member rows locked before
each recount are what keep the count right. PostgreSQL only, as every race test.
"""

import random

import pytest

from accounts.models import User
from forum.follow.models import Alert
from forum.follow.services import mark_alerts_read, mark_thread_read, open_alert, watch_thread
from forum.posts import counters
from forum.posts.models import Post
from forum.posts.services import hide_post, like_post, reply_to_thread, restore_post
from forum.threads.services import hide_thread, restore_thread
from tests.factories import BoardFactory, UserFactory
from tests.helpers import errors_of, fixes_recount_would_make, make_thread, run_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql,
    pytest.mark.usefixtures("no_flood_interval"),
]


def assert_stored_counts_true():
    assert fixes_recount_would_make() == {}
    for member in User.objects.all():
        assert member.unread_alerts == Alert.objects.for_member(member).unread().count()


def test_likes_reads_and_hides_at_once_keep_the_authors_count_true():
    author, moderator = UserFactory(), UserFactory(role="moderator")
    thread = make_thread(posts=6, board=BoardFactory())
    Post.objects.filter(thread=thread, position__gt=1).update(author=author)
    counters.fix_counters(User.objects.all())
    posts = list(Post.objects.filter(thread=thread, position__gt=1))
    likers = [UserFactory() for _ in range(5)]

    def likes(member, seed):
        def job():
            for post in random.Random(seed).sample(posts, len(posts)):
                like_post(post=post, user=member)

        return job

    def reads():
        for _ in range(6):
            mark_alerts_read(user=author)
            for alert in Alert.objects.filter(user=author, read_at__isnull=True)[:2]:
                open_alert(alert=alert)

    def hides():
        rng = random.Random(7)
        for _ in range(6):
            post = rng.choice(posts)
            (hide_post if rng.random() < 0.5 else restore_post)(post=post, by=moderator)

    errors = errors_of(run_at_once(*(likes(m, n) for n, m in enumerate(likers)), reads, hides))

    assert errors == []
    assert_stored_counts_true()


def test_replies_to_watched_threads_read_and_hidden_at_once_keep_every_count_true():
    board = BoardFactory()
    threads = [make_thread(posts=2, board=board) for _ in range(2)]
    watchers = [UserFactory() for _ in range(4)]
    writers = [UserFactory() for _ in range(3)]
    moderator = UserFactory(role="moderator")
    for watcher in watchers:
        for thread in threads:
            watch_thread(user=watcher, thread=thread)

    def replies(member):
        def job():
            for n in range(4):
                reply_to_thread(thread=threads[n % 2], author=member, body=f"Hello @{n}")

        return job

    def reads(member):
        def job():
            for n in range(6):
                thread = threads[n % 2]
                thread.refresh_from_db()
                mark_thread_read(user=member, thread=thread, position=thread.last_position)

        return job

    def hides():
        for _ in range(2):
            for hidden in (True, False):
                (hide_thread if hidden else restore_thread)(thread=threads[0], by=moderator)

    errors = errors_of(
        run_at_once(*(replies(m) for m in writers), *(reads(m) for m in watchers[:2]), hides)
    )

    assert errors == []
    assert Alert.objects.exists()
    assert_stored_counts_true()
