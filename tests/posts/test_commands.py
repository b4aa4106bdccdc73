from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from forum.boards.models import Board
from forum.follow.models import Alert, Kind
from forum.markup import render_post_body
from forum.posts import counters
from forum.posts.models import Post
from forum.threads.models import Thread
from tests.factories import LikeFactory, PostFactory, UserFactory
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def stale_counters():
    return {
        model.__name__: list(counters.stale_rows(model.objects.all())) for model in counters.TRUTHS
    }


# --- rerender_posts ---------------------------------------------------------------------------


def test_rerender_posts_stores_html_made_by_the_current_rules(thread):
    Post.objects.filter(position__in=[2, 3]).update(body_html="<p>made by older rules</p>")

    output = run("rerender_posts")

    assert "Re-rendered 5 posts: 2 changed." in output
    for post in thread.posts.all():
        assert post.body_html == render_post_body(post.body)


def test_rerender_posts_changes_nothing_when_the_rules_have_not(thread):
    before = dict(Post.objects.values_list("pk", "body_html"))

    output = run("rerender_posts")

    assert "Re-rendered 5 posts: 0 changed." in output
    assert dict(Post.objects.values_list("pk", "body_html")) == before


def test_rerender_posts_raises_the_version_of_threads_whose_posts_changed_only(board):
    changed, untouched = make_thread(posts=2, board=board), make_thread(posts=2, board=board)
    changed.posts.filter(position=2).update(body_html="")

    run("rerender_posts")

    assert Thread.objects.get(pk=changed.pk).version == changed.version + 1
    assert Thread.objects.get(pk=untouched.pk).version == untouched.version


def test_rerender_posts_links_mentions_of_members_who_joined_since(thread):
    post = PostFactory(thread=thread, body="welcome @newcomer")
    assert "mention" not in post.body_html
    newcomer = UserFactory(username="newcomer")

    run("rerender_posts")

    post.refresh_from_db()
    assert f'href="{newcomer.get_absolute_url()}"' in post.body_html


def test_rerender_posts_leaves_mentions_in_imported_posts_as_text(thread):
    UserFactory(username="ann")
    Thread.objects.filter(pk=thread.pk).update(source_key="xenforo1:abc")
    post = PostFactory(thread=thread, body="thanks @ann", body_html="")

    run("rerender_posts")

    post.refresh_from_db()
    assert post.body_html == "<p>thanks @ann</p>"


def test_rerender_posts_in_small_batches_reaches_every_post(board):
    threads = [make_thread(posts=3, board=board) for _ in range(3)]
    Post.objects.update(body_html="")

    output = run("rerender_posts", "--batch-size", "2")

    assert "Re-rendered 9 posts: 9 changed." in output
    assert not Post.objects.filter(body_html="").exists()
    assert all(Thread.objects.get(pk=t.pk).version > t.version for t in threads)


@pytest.mark.parametrize("posts", [10, 40])
def test_rerender_posts_queries_per_batch_not_per_post(board, posts, django_assert_max_num_queries):
    thread = make_thread(posts=1, board=board)
    for n in range(posts):
        UserFactory(username=f"named{n}")
        PostFactory(thread=thread, body=f"hello @named{n} and @stranger{n}", body_html="")

    # A batch: the post ids, lock and read, one mention lookup, one update, a version bump.
    with django_assert_max_num_queries(10):
        output = run("rerender_posts", "--batch-size", "100")

    assert f"Re-rendered {posts + 1} posts: {posts} changed." in output
    assert Post.objects.filter(body_html__contains='class="mention"').count() == posts


# --- recount ----------------------------------------------------------------------------------


def test_recount_reports_zero_when_every_counter_is_right(thread):
    output = run("recount")

    assert "threads.reply_count: 0 fixed" in output
    assert "members.likes_received: 0 fixed" in output
    assert output.strip().endswith("Every counter was right: 0 fixed.")


def test_recount_fixes_corrupted_counters_and_reports_each_one(board):
    threads = [make_thread(posts=3, board=board) for _ in range(4)]
    like = LikeFactory(post=threads[0].posts.get(position=2))
    counters.fix_counters(Post.objects.all())
    counters.fix_counters(User.objects.all())
    counters.recount_likers()
    Thread.objects.filter(pk__in=[t.pk for t in threads[:3]]).update(reply_count=99)
    Thread.objects.filter(pk=threads[3].pk).update(last_post=None)
    Post.objects.filter(pk=like.post_id).update(like_count=0)
    Board.objects.filter(pk=board.pk).update(post_count=1, thread_count=0)
    User.objects.filter(pk=like.post.author_id).update(likes_received=5, message_count=0)

    output = run("recount")

    assert "threads.reply_count: 3 fixed" in output
    assert "threads.last_post_id: 1 fixed" in output
    assert "posts.like_count: 1 fixed" in output
    assert "boards.post_count: 1 fixed" in output
    assert "boards.thread_count: 1 fixed" in output
    assert "members.likes_received: 1 fixed" in output
    assert "members.message_count: 1 fixed" in output
    assert "threads.last_position: 0 fixed" in output
    assert "9 counters fixed." in output
    assert all(rows == [] for rows in stale_counters().values())
    assert Thread.objects.get(pk=threads[0].pk).reply_count == 2


def test_recount_fixes_a_members_unread_alert_count(thread, member):
    Alert.objects.create(
        user=member, kind=Kind.REPLY, thread=thread, post=thread.posts.get(position=2)
    )
    User.objects.filter(pk=member.pk).update(unread_alerts=5)

    output = run("recount")

    assert "members.unread_alerts: 1 fixed" in output
    assert User.objects.get(pk=member.pk).unread_alerts == 1


def test_recount_raises_the_versions_of_what_it_fixed_only(board):
    fixed, right = make_thread(posts=2, board=board), make_thread(posts=2, board=board)
    Thread.objects.filter(pk=fixed.pk).update(reply_count=7)
    board_version = Board.objects.get(pk=board.pk).version

    run("recount")

    assert Thread.objects.get(pk=fixed.pk).version == fixed.version + 1
    assert Thread.objects.get(pk=right.pk).version == right.version
    assert Board.objects.get(pk=board.pk).version == board_version


def test_recount_in_small_batches_fixes_every_row(board):
    threads = [make_thread(posts=2, board=board) for _ in range(5)]
    Thread.objects.update(reply_count=0)

    output = run("recount", "--batch-size", "2")

    assert "threads.reply_count: 5 fixed" in output
    assert all(Thread.objects.get(pk=t.pk).reply_count == 1 for t in threads)


def test_recount_a_second_time_finds_nothing_left_to_fix(thread):
    Thread.objects.update(reply_count=0, last_position=0)
    run("recount")

    output = run("recount")

    assert "Every counter was right: 0 fixed." in output


def test_rerender_posts_links_mentions_in_imported_posts_edited_here(thread, moderator):
    ann = UserFactory(username="ann")
    Thread.objects.filter(pk=thread.pk).update(source_key="xenforo1:abc")
    post = PostFactory(thread=thread, body="thanks @ann", body_html="", edited_by=moderator)

    run("rerender_posts")

    post.refresh_from_db()
    assert f'href="{ann.get_absolute_url()}"' in post.body_html


def test_recount_rebuilds_the_latest_likers_with_a_likers_new_name(thread):
    post = thread.posts.get(position=2)
    liker = UserFactory(username="before")
    LikeFactory(post=post, user=liker)
    counters.fix_counters(Post.objects.all())
    User.objects.filter(pk=liker.pk).update(username="after")

    output = run("recount")

    assert "posts.recent_likers: 1 fixed" in output
    assert Post.objects.get(pk=post.pk).recent_likers == [[liker.pk, "after"]]


def test_the_migration_fills_the_latest_likers_of_liked_posts(thread):
    import importlib
    from pathlib import Path

    from django.apps import apps

    from forum.posts import migrations

    # By its name, whatever number it has once other apps' migrations are merged.
    path = next(Path(migrations.__file__).parent.glob("*_recent_likers.py"))
    migration = importlib.import_module(f"forum.posts.migrations.{path.stem}")
    post = thread.posts.get(position=2)
    likers = UserFactory.create_batch(2)
    for liker in likers:
        LikeFactory(post=post, user=liker)
    counters.fix_counters(Post.objects.all())

    migration.fill_recent_likers(apps, None)

    expected = [[liker.pk, liker.username] for liker in reversed(likers)]
    assert Post.objects.get(pk=post.pk).recent_likers == expected
    assert counters.stale_likers(Post.objects.all()) == {}
