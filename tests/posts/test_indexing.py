"""The posts' stored search vectors, kept current by every service that changes what a post
is found by (PostgreSQL only: elsewhere none is stored)."""

import re

import pytest

from forum.posts.indexing import index_in_batches, index_posts, index_replies_by_body
from forum.posts.models import Post
from forum.posts.services import edit_post, reply_to_thread, start_thread
from forum.threads.services import merge_threads, move_thread, rename_thread
from tests.factories import BoardFactory, PostFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


def lexemes(post):
    vector = Post.objects.values_list("search_vector", flat=True).get(pk=post.pk)
    return {item.split(":")[0].strip("'") for item in (vector or "").split()}


@pytest.fixture
def opened(board, member):
    return start_thread(board=board, author=member, title="Harbour ferries", body="A quokka.")


def pairs(post):
    vector = Post.objects.values_list("search_pairs", flat=True).get(pk=post.pk)
    return set(re.findall(r"'([^']*)'", vector or ""))


def test_a_new_post_is_indexed_by_its_own_words(opened, member):
    post = reply_to_thread(thread=opened, author=member, body="Zeppelins over **Lisbon**.")

    assert lexemes(post) == {"zeppelin", "lisbon"}


def test_the_opening_post_carries_its_threads_title_weighted_a(opened):
    vector = opened.posts.values_list("search_vector", flat=True).get(position=1)

    assert "'harbour':1A" in vector
    assert "'quokka':" in vector and "B" in vector.split("'quokka':")[1]


def test_a_reply_does_not_carry_the_title(opened, member):
    post = reply_to_thread(thread=opened, author=member, body="Zeppelins.")

    assert "harbour" not in lexemes(post)


def test_quoted_words_of_other_posts_are_not_indexed(opened, member):
    body = '[quote="member, post:1"]Quokka [quote="x"]marzipan[/quote] words.[/quote]Own words.'

    post = reply_to_thread(thread=opened, author=member, body=body)

    assert lexemes(post) == {"word"}


def test_an_edit_indexes_the_new_words(opened, member):
    post = opened.posts.get(position=1)

    edit_post(post=post, by=member, body="A zeppelin now.", expected_revision=1)

    assert "zeppelin" in lexemes(post) and "quokka" not in lexemes(post)


def test_a_rename_indexes_the_new_title_in_the_opening_post(opened, moderator):
    rename_thread(thread=opened, title="Airship timetables", by=moderator)

    assert {"airship", "timet", "quokka"} <= lexemes(opened.posts.get(position=1))
    assert "harbour" not in lexemes(opened.posts.get(position=1))


def test_a_merge_indexes_the_title_in_the_merged_threads_opening_post(opened, member, moderator):
    later = start_thread(board=opened.board, author=member, title="Marzipan", body="Sweet.")

    merge_threads(sources=[later], target=opened, by=moderator)

    first, second = opened.posts.order_by("position")
    assert "harbour" in lexemes(first)
    assert "marzipan" not in lexemes(second)


def test_a_move_keeps_the_vectors(opened, moderator):
    before = lexemes(opened.posts.get(position=1))

    move_thread(thread=opened, board=BoardFactory(), by=moderator)

    assert lexemes(opened.posts.get(position=1)) == before


def test_a_post_stores_its_adjacent_words_as_pairs(opened, member):
    post = reply_to_thread(
        thread=opened, author=member, body="Night trains cross the quokka valley."
    )

    # "the" is a stop word: it leaves a gap, as it does in the vector, and makes no pair.
    assert pairs(post) == {"night train", "train cross", "quokka valley"}


def test_the_pairs_follow_an_edit(opened, member):
    post = opened.posts.get(position=1)

    edit_post(post=post, by=member, body="Zeppelin timetables.", expected_revision=1)

    assert "zeppelin timet" in pairs(post)
    assert not any("quokka" in pair for pair in pairs(post))


def test_the_opening_post_holds_the_pairs_of_its_title(opened):
    assert "harbour ferri" in pairs(opened.posts.get(position=1))


def test_a_post_stores_its_threads_board_beside_its_vector(opened, member):
    post = reply_to_thread(thread=opened, author=member, body="Zeppelins.")

    assert Post.objects.values_list("search_board", flat=True).get(pk=post.pk) == opened.board_id


def test_a_move_takes_its_posts_search_board_along(opened, member, moderator):
    reply_to_thread(thread=opened, author=member, body="Zeppelins.")
    board = BoardFactory()

    move_thread(thread=opened, board=board, by=moderator)

    assert set(opened.posts.values_list("search_board", flat=True)) == {board.pk}


def test_index_in_batches_covers_every_post(thread):
    PostFactory.create_batch(7, thread=thread)
    covered = []

    done = index_in_batches(Post.objects.all(), batch_size=3, advance=covered.append)

    assert done == Post.objects.count() == 12
    assert not Post.objects.filter(search_vector=None).exists()
    assert not Post.objects.filter(search_pairs=None).exists()
    assert sum(covered) >= 12


def test_indexing_replies_by_body_stores_what_index_posts_stores(opened, member):
    body = '[quote="member, post:1"]Quokka.[/quote]Night trains to Vienna, the night train.'
    replies = [reply_to_thread(thread=opened, author=member, body=body) for _ in range(2)]
    replies.append(reply_to_thread(thread=opened, author=member, body="Zeppelins **over** it."))
    columns = ("pk", "search_vector", "search_pairs", "search_board")
    by_service = set(Post.objects.values_list(*columns))
    Post.objects.update(search_vector=None, search_pairs=None)

    done = index_replies_by_body(batch_size=2)
    index_posts(Post.objects.filter(position=1))

    assert done == 3
    assert set(Post.objects.values_list(*columns)) == by_service
