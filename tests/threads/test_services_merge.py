from datetime import UTC, datetime, timedelta

import pytest

from accounts.models import User
from accounts.roles import Role
from forum.boards.models import Board
from forum.markup import render_post_body
from forum.moderation.models import Action, ModerationLog
from forum.posts.models import Post
from forum.posts.services import hide_post
from forum.threads import services as thread_services
from forum.threads.models import Thread, ThreadRedirect
from forum.threads.services import hide_thread, merge_threads
from tests.factories import BoardFactory, PostFactory, ThreadFactory, UserFactory
from tests.helpers import assert_counters_true, fix_all_counters

pytestmark = pytest.mark.django_db

START = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)


def thread_at(minutes, *, board=None, title=None, bodies=None):
    """A thread whose posts were written at START plus each of ``minutes``."""
    thread = ThreadFactory(
        **({"board": board} if board else {}),
        **({"title": title} if title else {}),
        created_at=START + timedelta(minutes=minutes[0]),
    )
    for index, minute in enumerate(minutes):
        body = (bodies or {}).get(index + 1, f"Written at minute {minute}.")
        PostFactory(
            thread=thread,
            created_at=START + timedelta(minutes=minute),
            body=body,
            body_html=render_post_body(body),
            author=thread.starter if index == 0 else UserFactory(),
        )
    fix_all_counters()
    return Thread.objects.get(pk=thread.pk)


def minutes_in_order(thread):
    return [
        int((post.created_at - START).total_seconds() // 60)
        for post in Post.objects.filter(thread=thread).order_by("position")
    ]


def test_merged_posts_are_ordered_by_time_and_numbered_from_one():
    target = thread_at([0, 10, 20, 30])
    source = thread_at([5, 25, 40])

    merge_threads(sources=[source], target=target, by=target.starter)

    assert minutes_in_order(target) == [0, 5, 10, 20, 25, 30, 40]
    positions = list(Post.objects.filter(thread=target).values_list("position", flat=True))
    assert sorted(positions) == [1, 2, 3, 4, 5, 6, 7]


def test_the_merged_thread_is_gone_from_its_board():
    target = thread_at([0, 10])
    source = thread_at([5])

    merge_threads(sources=[source], target=target, by=target.starter)

    assert not Thread.objects.filter(pk=source.pk).exists()
    assert Board.objects.get(pk=source.board_id).thread_count == 0


def test_every_counter_is_true_after_a_merge_across_boards():
    target = thread_at([0, 10, 20])
    source = thread_at([5, 15, 25, 35])

    merge_threads(sources=[source], target=target, by=target.starter)

    target.refresh_from_db()

    assert_counters_true()
    assert (target.reply_count, target.last_position) == (6, 7)
    assert target.last_post.created_at == START + timedelta(minutes=35)
    assert Board.objects.get(pk=target.board_id).post_count == 7


def test_several_threads_merge_at_once():
    board = BoardFactory()
    target = thread_at([10, 40], board=board)
    first = thread_at([0, 20], board=board)
    second = thread_at([30], board=board)

    merge_threads(sources=[first, second], target=target, by=target.starter)

    assert minutes_in_order(target) == [0, 10, 20, 30, 40]
    assert Thread.objects.get() == target
    assert_counters_true()


def test_an_older_thread_merged_in_gives_the_target_its_first_post_and_starter():
    target = thread_at([30, 40])
    source = thread_at([0, 50])

    merge_threads(sources=[source], target=target, by=target.starter)

    target.refresh_from_db()

    assert target.starter == source.starter
    assert target.created_at == START
    assert target.title != source.title


def test_hidden_replies_stay_hidden_and_out_of_the_counts():
    target = thread_at([0, 10])
    source = thread_at([5, 15, 25])
    hide_post(post=(post := source.posts.get(position=2)), by=post.author)

    merge_threads(sources=[source], target=target, by=target.starter)

    target.refresh_from_db()

    assert Post.objects.get(thread=target, created_at=START + timedelta(minutes=15)).is_hidden
    assert target.reply_count == 3
    assert_counters_true()


def test_a_hidden_thread_merged_into_a_visible_one_counts_its_posts_again():
    target = thread_at([0, 10])
    source = thread_at([5, 15])
    hide_thread(thread=source, by=source.starter)

    merge_threads(sources=[source], target=target, by=target.starter)

    assert_counters_true()
    assert User.objects.get(pk=source.starter_id).message_count == 1


def test_a_visible_thread_merged_into_a_hidden_one_leaves_the_counts():
    target = thread_at([0, 10])
    source = thread_at([5, 15])
    hide_thread(thread=target, by=target.starter)

    merge_threads(sources=[source], target=target, by=target.starter)

    assert_counters_true()
    assert Board.objects.get(pk=source.board_id).post_count == 0


def test_quotes_follow_the_posts_to_their_new_numbers():
    target = thread_at([0, 10, 20], bodies={3: '[quote="a, post:2"]Ten[/quote] Indeed.'})
    source = thread_at([5, 15], bodies={2: '[quote="b, post:1"]Five[/quote] Yes.'})
    elsewhere = thread_at(
        [1, 2], bodies={2: f'[quote="c, post:2, topic:{source.pk}"]Fifteen[/quote]'}
    )

    merge_threads(sources=[source], target=target, by=target.starter)

    # New order: 0 (1), 5 (2), 10 (3), 15 (4), 20 (5).
    assert Post.objects.get(thread=target, position=5).body == (
        '[quote="a, post:3"]Ten[/quote] Indeed.'
    )
    renumbered = Post.objects.get(thread=target, position=4)
    assert renumbered.body == '[quote="b, post:2"]Five[/quote] Yes.'
    assert 'href="post-2/"' in renumbered.body_html
    # Quotes in other threads keep the old thread's id; its redirect finds the post.
    assert f"topic:{source.pk}" in Post.objects.get(thread=elsewhere, position=2).body


def test_a_merge_does_not_mark_posts_as_edited():
    target = thread_at([0, 10, 20], bodies={3: '[quote="a, post:2"]Ten[/quote]'})
    source = thread_at([5])

    merge_threads(sources=[source], target=target, by=target.starter)

    assert not Post.objects.filter(edited_at__isnull=False).exists()


def test_the_old_thread_address_redirects_to_the_merged_thread(client):
    target = thread_at([0, 10])
    source = thread_at([5, 15])

    merge_threads(sources=[source], target=target, by=target.starter)

    response = client.get(f"/threads/{source.slug}.{source.pk}/")
    assert response.status_code == 301
    assert response["Location"] == target.get_absolute_url()


def test_a_link_to_a_post_of_the_old_thread_finds_that_post(client):
    target = thread_at([0, 10])
    source = thread_at([5, 15])
    moved = source.posts.get(position=2)

    merge_threads(sources=[source], target=target, by=target.starter)

    response = client.get(f"/threads/{source.pk}/post-2/", follow=True)
    moved.refresh_from_db()
    assert moved.position == 4
    assert response.redirect_chain[-1][0] == target.get_position_url(4)


@pytest.fixture
def merged_into_hidden(db):
    target = thread_at([0, 10], title="Secret plans of the moderators")
    source = thread_at([5, 15])
    merge_threads(sources=[source], target=target, by=target.starter)
    hide_thread(thread=target, by=target.starter)
    return source, target


@pytest.mark.parametrize("who", ["anonymous", "member", "banned moderator"])
@pytest.mark.parametrize("address", ["/threads/old.{pk}/", "/threads/{pk}/post-2/"])
def test_an_old_address_gives_404_when_the_merged_thread_is_hidden_from_the_visitor(
    client, merged_into_hidden, who, address
):
    source, target = merged_into_hidden
    if who == "member":
        client.force_login(UserFactory())
    elif who == "banned moderator":
        client.force_login(UserFactory(role=Role.MODERATOR, banned=True))

    response = client.get(address.format(pk=source.pk))

    assert response.status_code == 404
    assert "Secret plans" not in response.content.decode()
    assert str(target.pk) not in response.get("Location", "")


def test_a_moderator_still_follows_an_old_address_to_a_hidden_merged_thread(
    client, merged_into_hidden, moderator
):
    source, target = merged_into_hidden
    client.force_login(moderator)

    response = client.get(f"/threads/old.{source.pk}/")

    assert response.status_code == 301
    assert response["Location"] == target.get_absolute_url()


def test_redirects_follow_a_thread_merged_again():
    first = thread_at([0])
    second = thread_at([5])
    third = thread_at([10])

    merge_threads(sources=[first], target=second, by=second.starter)
    merge_threads(sources=[second], target=third, by=third.starter)

    assert set(ThreadRedirect.objects.values_list("old_thread_id", "target")) == {
        (first.pk, third.pk),
        (second.pk, third.pk),
    }


def test_an_unknown_thread_still_gives_404(client):
    assert client.get("/threads/nothing.999999/").status_code == 404


def test_a_thread_is_not_merged_into_itself():
    thread = thread_at([0, 5])

    with pytest.raises(ValueError):
        merge_threads(sources=[thread], target=thread, by=thread.starter)


def test_the_merge_is_logged_with_the_threads_it_took_in(moderator):
    target = thread_at([0, 10], title="Kept")
    source = thread_at([5], title="Merged away")

    entry = thread_services.merge_threads(
        sources=[source], target=target, by=moderator, reason="Duplicate"
    )

    assert entry == ModerationLog.objects.get()
    assert (entry.action, entry.target, entry.reason) == (
        Action.MERGE_THREADS,
        target,
        "Duplicate",
    )
    assert entry.details == {"merged": [{"id": source.pk, "title": "Merged away"}]}


def test_a_large_thread_merges_with_unique_positions():
    target = thread_at(list(range(0, 600, 2)))
    source = thread_at(list(range(1, 600, 2)))

    merge_threads(sources=[source], target=target, by=target.starter)

    assert minutes_in_order(target) == list(range(600))
    assert_counters_true()


def test_quote_tags_shown_as_code_are_not_renumbered():
    sample = '`[quote="a, post:2"]`'
    target = thread_at([0, 10, 20], bodies={3: f'[quote="a, post:2"]Ten[/quote] {sample}'})
    source = thread_at([5])

    merge_threads(sources=[source], target=target, by=target.starter)

    assert Post.objects.get(thread=target, position=4).body == (
        f'[quote="a, post:3"]Ten[/quote] {sample}'
    )
