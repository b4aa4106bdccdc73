"""PostgreSQL's search: the word pairs that narrow a phrase before it is checked post by post,
and that a search with them finds exactly what the phrase alone finds."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forum.search.backend import Filters, search
from forum.search.postgres import phrase_pairs


@pytest.mark.parametrize(
    ("tsquery", "pairs"),
    [
        ("'night' <-> 'train'", "'night train'"),
        ("'night' <-> 'train' <-> 'station' & 'day'", "'night train' & 'train station'"),
        ("'a' <-> 'b' & 'x' <-> 'y'", "'a b' & 'x y'"),
        ("'a' <-> 'b' <2> 'c' <-> 'd'", "'a b' & 'c d'"),
        ("'it''s' <-> 'x'", "'it''s x'"),
        ("'a' <-> 'b' & 'a' <-> 'b'", "'a b'"),
    ],
)
def test_every_phrase_a_match_must_hold_gives_its_word_pairs(tsquery, pairs):
    assert phrase_pairs(tsquery) == pairs


@pytest.mark.parametrize(
    "tsquery",
    [
        "'night'",
        "'night' & 'train'",
        "'night' <2> 'train'",  # a stop word between: the vectors hold no pair there
        "'night' <-> 'train' | 'bus'",  # either may match: no phrase is required
        "!( 'night' <-> 'train' ) & 'day'",
        "!'night' <-> 'train'",
    ],
)
def test_nothing_narrows_a_query_without_a_required_phrase(tsquery):
    assert phrase_pairs(tsquery) is None


def found(query, **filters):
    return {
        hit.post_id for hit in search(query, user=AnonymousUser(), filters=Filters(**filters)).hits
    }


@pytest.fixture
def trains(write):
    thread = write.thread("Night trains", "The night train to Vienna leaves late.")
    return {
        "opening": thread.posts.get(position=1).pk,
        "reversed": write.reply(thread, "A train at night, to Vienna.").pk,
        "three": write.reply(thread, "Sleeper night train station.").pk,
        "gap": write.reply(thread, "The night of the train.").pk,
    }


@pytest.mark.postgresql
def test_a_phrase_finds_the_posts_holding_its_words_in_order(trains):
    assert found('"night train"') == {trains["opening"], trains["three"]}


@pytest.mark.postgresql
def test_a_phrase_of_three_words_needs_all_three_in_order(trains):
    assert found('"night train station"') == {trains["three"]}


@pytest.mark.postgresql
def test_a_phrase_with_a_stop_word_inside_is_still_found(trains):
    assert found('"night of the train"') == {trains["gap"]}


@pytest.mark.postgresql
def test_a_phrase_or_a_word_finds_either(trains):
    vienna = found("vienna")

    assert found('"train station" OR vienna') == vienna | {trains["three"]}


@pytest.mark.postgresql
def test_an_excluded_phrase_leaves_out_only_the_posts_holding_it(trains):
    assert found('train -"night train"') == {trains["reversed"], trains["gap"]}


@pytest.mark.postgresql
def test_a_phrase_of_a_threads_title_finds_its_opening_post(write):
    thread = write.thread("Sleeper trains", "Marzipan on board.")

    assert found('"sleeper trains"') == {thread.posts.get(position=1).pk}


@pytest.mark.postgresql
def test_a_phrase_and_a_word_need_both(trains):
    assert found('"night train" vienna') == {trains["opening"]}
