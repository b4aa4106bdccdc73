"""The fallback used where no vectors are stored (SQLite); it runs on any database, so it is
tested on whichever the tests use."""

import pytest
from django.contrib.auth.models import AnonymousUser

from forum.search import simple
from forum.search.hits import Filters, Refused

pytestmark = pytest.mark.django_db


def found(words, **filters):
    page = simple.search(words, user=AnonymousUser(), filters=Filters(**filters), page=1)
    return [hit.post_id for hit in page.hits]


def test_parse_reads_words_phrases_exclusions_and_or():
    assert simple.parse('night "slow train" -bus OR car plane') == (
        [["night"], ["slow train"], ["car"], ["plane"]],
        ["bus"],
    )
    assert simple.parse("night OR day") == ([["night", "day"]], [])


def test_words_match_case_insensitively_as_pieces_of_the_text(write):
    thread = write.thread("Trains", "The QUOKKA sleeps.")

    assert found("quokka") == [thread.posts.get(position=1).pk]


def test_phrases_exclusions_and_or(write):
    thread = write.thread("Trains", "Slow train to the quokka.")
    bus = write.reply(thread, "Slow bus, quokka.")

    assert found('"slow train"') == [thread.posts.get(position=1).pk]
    assert found("quokka -bus") == [thread.posts.get(position=1).pk]
    assert set(found("train OR bus")) == {thread.posts.get(position=1).pk, bus.pk}


def test_only_exclusions_are_refused(db):
    with pytest.raises(Refused):
        found("-bus")


def test_titles_only_reads_the_titles(write):
    titled = write.thread("Quokka sightings", "Photos.")
    write.thread("Trains", "A quokka.")

    page = simple.search("quokka", user=AnonymousUser(), filters=Filters(titles_only=True), page=1)

    assert [hit.thread_title for hit in page.hits] == [titled.title]


def test_the_snippet_is_cut_around_the_word_and_escaped():
    text = "x " * 200 + "<b> quokka & more"

    snippet = simple.marked(text, ["quokka"])

    assert snippet.startswith("… ")
    assert "&lt;b&gt; <search-hit>quokka</search-hit> &amp; more" in snippet
