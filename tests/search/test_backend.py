"""The search interface, on whichever database the tests run (PostgreSQL's vectors, or the
simple scan on SQLite); what only PostgreSQL does is marked."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from forum.posts.services import hide_post
from forum.search.backend import Filters, Refused, search, split_member
from forum.threads.services import hide_thread, move_thread
from tests.factories import BoardFactory, UserFactory

pytestmark = pytest.mark.django_db

VISITOR = AnonymousUser()


def found(query, user=VISITOR, **filters):
    return [hit.post_id for hit in search(query, user=user, filters=Filters(**filters)).hits]


def test_a_post_is_found_by_its_words(write):
    thread = write.thread("Trains", "The night train crosses the quokka valley.")
    other = write.reply(thread, "Nothing about marsupials here.")

    assert found("quokka") == [thread.posts.get(position=1).pk]
    assert other.pk not in found("quokka")


def test_every_word_must_match(write):
    thread = write.thread("Trains", "A zeppelin over the harbour.")
    both = write.reply(thread, "A zeppelin and a quokka.")

    assert found("zeppelin quokka") == [both.pk]


def test_a_quoted_phrase_matches_only_words_in_that_order(write):
    thread = write.thread("Trains", "The marzipan tower fell.")
    reversed_words = write.reply(thread, "A tower of marzipan stood.")

    assert found('"marzipan tower"') == [thread.posts.get(position=1).pk]
    assert reversed_words.pk in found("marzipan tower")


def test_an_excluded_word_leaves_out_the_posts_that_have_it(write):
    thread = write.thread("Trains", "Quokka photos from the island.")
    write.reply(thread, "Quokka photos, and a zeppelin.")

    assert found("quokka -zeppelin") == [thread.posts.get(position=1).pk]


def test_or_finds_posts_with_either_word(write):
    thread = write.thread("Trains", "Only a quokka.")
    zeppelin = write.reply(thread, "Only a zeppelin.")
    write.reply(thread, "Only a harbour.")

    assert set(found("quokka OR zeppelin")) == {thread.posts.get(position=1).pk, zeppelin.pk}


def test_by_name_in_the_words_finds_that_members_posts_only(write):
    alice = UserFactory(username="alice")
    thread = write.thread("Trains", "A quokka, says someone.")
    hers = write.reply(thread, "A quokka, says alice.", author=alice)

    assert found("quokka by:Alice") == [hers.pk]
    assert found("quokka", member="alice") == [hers.pk]


def test_by_name_alone_lists_the_members_posts(write):
    alice = UserFactory(username="alice")
    thread = write.thread("Trains", "Opening words.", author=alice)
    write.reply(thread, "Not hers.")

    assert found("by:alice") == [thread.posts.get(position=1).pk]


def test_split_member_takes_by_out_of_the_words():
    assert split_member("night by:alice train") == ("night train", "alice")


def test_the_board_filter_keeps_one_board(write):
    elsewhere = BoardFactory(name="Elsewhere", slug="elsewhere")
    here = write.thread("Trains", "A quokka here.")
    write.thread("Trains", "A quokka elsewhere.", board=elsewhere)

    assert found("quokka", board=here.board_id) == [here.posts.get(position=1).pk]


def test_a_moved_threads_posts_are_found_in_their_new_board(write, moderator):
    thread = write.thread("Trains", "A quokka on the night train.")
    board = BoardFactory(name="Elsewhere", slug="elsewhere")

    move_thread(thread=thread, board=board, by=moderator)

    assert found("quokka", board=board.pk) == [thread.posts.get(position=1).pk]
    assert found("quokka", board=write.board.pk) == []


def test_the_thread_filter_keeps_one_thread(write):
    one = write.thread("Trains", "A quokka in one.")
    write.thread("Planes", "A quokka in another.")

    assert found("quokka", thread=one.pk) == [one.posts.get(position=1).pk]


def test_the_date_range_keeps_posts_written_between_its_days(write):
    thread = write.thread("Trains", "A quokka today.")
    old = write.reply(thread, "A quokka long ago.")
    old.created_at = datetime.datetime(2020, 5, 1, 12, tzinfo=datetime.UTC)
    old.save(update_fields=["created_at"])

    assert found("quokka", before=datetime.date(2020, 5, 1)) == [old.pk]
    assert found("quokka", after=datetime.date(2020, 5, 2)) == [thread.posts.get(position=1).pk]


def test_titles_only_finds_threads_by_their_title_and_links_their_first_post(write):
    titled = write.thread("Quokka sightings", "Photos below.")
    write.thread("Trains", "A quokka in the text only.")

    page = search("quokka", user=VISITOR, filters=Filters(titles_only=True))

    assert [hit.url for hit in page.hits] == [f"/threads/{titled.slug}.{titled.pk}/post-1/"]


def test_the_opening_post_is_found_by_its_threads_title(write):
    thread = write.thread("Quokka sightings", "Photos below.")
    write.reply(thread, "More photos.")

    assert found("quokka") == [thread.posts.get(position=1).pk]


def test_newest_first_orders_by_date(write):
    thread = write.thread("Trains", "A quokka first.")
    later = write.reply(thread, "A quokka later.")

    assert found("quokka", newest_first=True) == [later.pk, thread.posts.get(position=1).pk]


def test_a_hit_says_where_the_post_is(write):
    author = UserFactory(username="alice")
    thread = write.thread("Trains", "Opening.")
    post = write.reply(thread, "A quokka.", author=author)

    (hit,) = search("quokka", user=VISITOR).hits

    assert (hit.thread_title, hit.board_name, hit.author_name, hit.position) == (
        "Trains",
        "Travel",
        "alice",
        2,
    )
    assert hit.url == f"/threads/{thread.slug}.{thread.pk}/post-2/"
    assert hit.created_at == post.created_at


def test_the_snippet_shows_markup_in_the_post_as_text_and_marks_the_words_found(write):
    write.thread("Trains", "Type `<script>alert(1)</script>` and &amp;lt; then quokka.")

    (hit,) = search("quokka", user=VISITOR).hits

    assert "<mark>quokka</mark>" in hit.snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.snippet
    assert "&amp;lt;" in hit.snippet
    assert "<script" not in hit.snippet.replace("<mark>", "").replace("</mark>", "")


# --- Hidden content: what permissions.can_view_hidden allows ---------------------------------


@pytest.fixture
def hidden(write, moderator):
    thread = write.thread("Trains", "A visible quokka.")
    post = write.reply(thread, "A hidden quokka post.")
    hide_post(post=post, by=moderator)
    gone = write.thread("Planes", "A quokka in a hidden thread.")
    hide_thread(thread=gone, by=moderator)
    return post, gone.posts.get(position=1)


@pytest.mark.parametrize("viewer", ["visitor", "member", "senior_member", "banned_moderator"])
def test_hidden_posts_and_threads_are_not_found_by_those_who_may_not_read_them(
    request, hidden, viewer
):
    user = VISITOR if viewer == "visitor" else request.getfixturevalue(viewer)

    ids = found("quokka", user)

    assert hidden[0].pk not in ids
    assert hidden[1].pk not in ids
    assert len(ids) == 1


@pytest.mark.parametrize("viewer", ["moderator", "administrator"])
def test_moderators_find_hidden_posts_and_threads(request, hidden, viewer):
    ids = found("quokka", request.getfixturevalue(viewer))

    assert {hidden[0].pk, hidden[1].pk} <= set(ids)


def test_a_banned_members_posts_stay_searchable(write, banned_member):
    thread = write.thread("Trains", "Opening.")
    post = write.reply(thread, "A quokka, before the ban.", author=UserFactory(username="later"))
    post.author.is_banned = True
    post.author.save(update_fields=["is_banned"])

    assert found("quokka") == [post.pk]


# --- Refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "by:"])
def test_a_query_with_nothing_to_look_for_is_refused(db, query):
    with pytest.raises(Refused, match="Type a word"):
        search(query, user=VISITOR)


def test_a_query_over_200_characters_is_refused(db):
    with pytest.raises(Refused, match="at most 200 characters; this has 201"):
        search("a" * 201, user=VISITOR)


def test_a_query_of_only_exclusions_is_refused(db):
    with pytest.raises(Refused, match="excluded words"):
        search("-quokka", user=VISITOR)


@pytest.mark.parametrize("query", ["quokka & | ! ( :*", "'; DROP TABLE posts_post; --", '"open'])
def test_operators_and_quotes_typed_are_never_an_error(write, query):
    write.thread("Trains", "A quokka.")

    search(query, user=VISITOR)


# --- Paging ----------------------------------------------------------------------------------


@pytest.fixture
def many(write, settings):
    settings.FORUM_SEARCH_RESULTS_PER_PAGE = 4
    thread = write.thread("Trains", "Quokka number zero.")
    for number in range(1, 10):
        write.reply(thread, f"Quokka number {number}.")
    return thread


def test_results_come_a_page_at_a_time(many):
    first = search("quokka", user=VISITOR, filters=Filters(newest_first=True))
    last = search("quokka", user=VISITOR, filters=Filters(newest_first=True), page=3)

    assert (first.total, first.pages, len(first.hits), len(last.hits)) == (10, 3, 4, 2)
    assert not {hit.post_id for hit in first.hits} & {hit.post_id for hit in last.hits}


def test_a_page_past_the_end_answers_the_last(many):
    page = search("quokka", user=VISITOR, page=99)

    assert (page.number, len(page.hits)) == (3, 2)


def test_results_are_counted_up_to_the_cap(many, settings):
    settings.FORUM_SEARCH_MAX_RESULTS = 6

    page = search("quokka", user=VISITOR)

    assert (page.total, page.more, page.pages) == (6, True, 2)


# --- PostgreSQL only -------------------------------------------------------------------------


@pytest.mark.postgresql
def test_words_are_found_by_their_stem(write):
    write.thread("Trains", "She was travelling with quokkas.")

    assert len(found("travelled quokka")) == 1


@pytest.mark.postgresql
def test_a_query_of_only_stop_words_is_refused(db):
    with pytest.raises(Refused, match="too common"):
        search("the and of", user=VISITOR)


@pytest.mark.postgresql
def test_a_title_match_ranks_above_a_body_match(write):
    in_body = write.thread("Trains", "Quokka, once, in the body of a long enough post here.")
    in_title = write.thread("Quokka", "A post that names no animal.")

    assert found("quokka") == [
        in_title.posts.get(position=1).pk,
        in_body.posts.get(position=1).pk,
    ]


@pytest.mark.postgresql
def test_the_search_language_is_a_setting(write, settings):
    settings.FORUM_SEARCH_CONFIG = "simple"
    write.thread("Trains", "She was travelling.")

    assert found("travelled") == []
    assert len(found("travelling")) == 1


def test_past_the_cap_the_latest_matches_are_the_ones_listed(write, settings):
    settings.FORUM_SEARCH_MAX_RESULTS = 2
    oldest = write.thread("Quokka", "The quokka, in the title too.")
    write.reply(oldest, "A quokka.")
    write.reply(oldest, "Another quokka.")

    page = search("quokka", user=VISITOR)

    assert (page.total, page.more) == (2, True)
    assert oldest.posts.get(position=1).pk not in [hit.post_id for hit in page.hits]
