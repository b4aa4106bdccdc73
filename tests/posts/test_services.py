import pytest

from accounts.models import User
from forum.posts import counters
from forum.posts.models import Like, Post
from forum.posts.services import hide_post, like_post, reply_to_thread, restore_post, unlike_post
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def assert_counters_true():
    for model in counters.TRUTHS:
        assert list(counters.stale_rows(model.objects.all())) == [], model.__name__


def test_reply_takes_the_next_position(thread, member):
    post = reply_to_thread(thread=thread, author=member, body="Agreed.")

    assert post.position == 6


def test_reply_moves_every_counter(thread, member):
    post = reply_to_thread(thread=thread, author=member, body="Agreed.")

    thread.refresh_from_db()
    thread.board.refresh_from_db()
    member.refresh_from_db()
    assert thread.reply_count == 5
    assert thread.last_post == post
    assert thread.board.post_count == 6
    assert thread.board.last_post == post
    assert member.message_count == 1
    assert_counters_true()


def test_reply_stores_the_rendered_body(thread, member):
    post = reply_to_thread(thread=thread, author=member, body="**Agreed**")

    assert post.body == "**Agreed**"
    assert post.body_html == "<p><strong>Agreed</strong></p>"


def test_reply_raises_the_threads_and_boards_versions(thread, member):
    thread_version, board_version = thread.version, thread.board.version

    reply_to_thread(thread=thread, author=member, body="Agreed.")

    thread.refresh_from_db()
    thread.board.refresh_from_db()
    assert thread.version > thread_version
    assert thread.board.version > board_version


def test_hiding_a_reply_takes_it_out_of_the_counts(thread):
    reply = thread.posts.get(position=5)

    hide_post(post=reply, by=reply.author)

    thread.refresh_from_db()
    assert thread.reply_count == 3
    assert thread.last_post.position == 4
    assert_counters_true()


def test_restoring_a_reply_puts_it_back_in_the_counts(thread):
    reply = thread.posts.get(position=5)
    hide_post(post=reply, by=reply.author)

    restore_post(post=reply, by=reply.author)

    thread.refresh_from_db()
    assert thread.reply_count == 4
    assert thread.last_post == reply
    assert_counters_true()


def test_hiding_a_hidden_reply_changes_nothing(thread):
    reply = thread.posts.get(position=3)
    hide_post(post=reply, by=reply.author)

    hide_post(post=reply, by=reply.author)

    assert_counters_true()


def test_first_post_cannot_be_hidden_apart_from_its_thread(thread):
    with pytest.raises(ValueError):
        hide_post(post=(post := thread.posts.get(position=1)), by=post.author)

    assert not Post.objects.filter(is_hidden=True).exists()


def test_reply_keeps_its_position_after_an_earlier_reply_is_hidden(thread, member):
    hide_post(post=(post := thread.posts.get(position=5)), by=post.author)

    post = reply_to_thread(thread=thread, author=member, body="Later.")

    assert post.position == 6


def test_like_counts_for_the_post_and_its_author(thread, member):
    post = thread.posts.get(position=2)

    assert like_post(post=post, user=member) is True

    post.refresh_from_db()
    assert post.like_count == 1
    assert User.objects.get(pk=post.author_id).likes_received == 1


def test_a_second_like_by_the_same_member_counts_once(thread, member):
    post = thread.posts.get(position=2)
    like_post(post=post, user=member)

    assert like_post(post=post, user=member) is False

    assert Like.objects.filter(post=post).count() == 1
    assert_counters_true()


def test_unlike_takes_the_like_back(thread, member):
    post = thread.posts.get(position=2)
    like_post(post=post, user=member)

    assert unlike_post(post=post, user=member) is True

    post.refresh_from_db()
    assert post.like_count == 0
    assert_counters_true()


def test_unlike_without_a_like_changes_nothing(thread, member):
    assert unlike_post(post=thread.posts.get(position=2), user=member) is False
    assert_counters_true()


def test_many_replies_and_likes_leave_every_counter_true(thread):
    members = UserFactory.create_batch(3)
    for index, author in enumerate(members * 3):
        post = reply_to_thread(thread=thread, author=author, body=f"Reply {index}")
        like_post(post=post, user=members[(index + 1) % 3])
    hide_post(post=(post := thread.posts.get(position=7)), by=post.author)

    assert_counters_true()
