import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("search:search")


@pytest.fixture(autouse=True)
def generous_rates(settings):
    # Each test searches a few times in a row; the limit has its own tests below.
    settings.FORUM_SEARCH_VISITOR_RATE = "100/60"
    settings.FORUM_SEARCH_MEMBER_RATE = "100/60"


def test_every_page_has_the_search_box_in_its_header(client, write):
    thread = write.thread("Trains", "Words.")

    for url in ["/", thread.board.get_absolute_url(), thread.get_absolute_url(), URL]:
        page = client.get(url).content.decode()
        assert f'<form class="site-search" method="get" action="{URL}" role="search"' in page, url


def test_a_thread_page_offers_to_search_this_thread(client, write):
    thread = write.thread("Trains", "Words.")

    page = client.get(thread.get_absolute_url()).content.decode()

    assert f'name="thread" value="{thread.pk}"' in page


def test_the_search_page_without_a_query_shows_the_form_and_no_message(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert b"errorlist" not in response.content
    assert b'name="q"' in response.content


def test_results_show_title_board_author_number_snippet_and_link(client, write):
    thread = write.thread("Night trains", "Opening.")
    write.reply(thread, "A quokka on board.", author=UserFactory(username="alice"))

    page = client.get(URL, {"q": "quokka"}).content.decode()

    assert "Night trains" in page
    assert ">Travel</a>" in page
    assert ">alice</a>" in page
    assert "post #2" in page
    assert "<mark>quokka</mark> on board" in page
    assert f'href="/threads/{thread.slug}.{thread.pk}/post-2/"' in page


def test_a_hit_links_to_a_page_that_shows_the_post(client, write):
    thread = write.thread("Trains", "Opening.")
    write.reply(thread, "A quokka.")

    response = client.get(f"/threads/{thread.slug}.{thread.pk}/post-2/", follow=True)

    assert b"A quokka." in response.content


def test_the_snippet_shows_a_script_in_a_post_as_text(client, write):
    write.thread("Trains", "Look: `<script>alert(1)</script>` and &amp;lt; quokka")

    page = client.get(URL, {"q": "quokka"}).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;lt;" in page
    assert "<script>alert" not in page


def test_an_empty_query_gets_a_message(client):
    response = client.get(URL, {"q": "  "})

    assert "Type a word to look for" in response.content.decode()


@pytest.mark.postgresql
def test_a_query_of_stop_words_gets_a_message_and_keeps_the_words(client):
    response = client.get(URL, {"q": "the and"})

    page = response.content.decode()
    assert "too common to search for" in page
    assert 'value="the and"' in page


def test_a_query_over_200_characters_gets_a_message_and_keeps_the_words(client):
    typed = "quokka " * 30

    page = client.get(URL, {"q": typed}).content.decode()

    assert "at most 200 characters; this has 209" in page
    assert f'value="{typed}"' in page


def test_dates_in_the_wrong_order_get_a_message(client):
    page = client.get(URL, {"q": "quokka", "after": "2024-05-02", "before": "2024-05-01"})

    assert "This date is before the first one" in page.content.decode()


def test_the_filters_are_kept_in_the_form(client, write):
    thread = write.thread("Trains", "A quokka.")
    query = {
        "q": "quokka",
        "member": "alice",
        "board": thread.board_id,
        "after": "2024-01-01",
        "order": "newest",
        "titles_only": "on",
        "thread": thread.pk,
    }

    page = client.get(URL, query).content.decode()

    assert 'value="alice"' in page
    assert f'<option value="{thread.board_id}" selected>' in page
    assert 'value="2024-01-01"' in page
    assert 'value="newest"' in page and "checked" in page
    assert f"Only in the thread “{thread.title}”" in page


def test_page_links_keep_the_query(client, write, settings):
    settings.FORUM_SEARCH_RESULTS_PER_PAGE = 2
    thread = write.thread("Trains", "Quokka 0.")
    for number in range(1, 5):
        write.reply(thread, f"Quokka {number}.")

    page = client.get(URL, {"q": "quokka", "order": "newest"}).content.decode()

    assert "Page 1 of 3" in page
    assert f'href="{URL}?q=quokka&amp;order=newest&amp;page=2"' in page


# --- The rate limit -------------------------------------------------------------------------


def test_a_visitor_searching_again_too_soon_is_told_to_wait(client, write, settings):
    settings.FORUM_SEARCH_VISITOR_RATE = "1/3"
    write.thread("Trains", "A quokka.")

    first = client.get(URL, {"q": "quokka"})
    second = client.get(URL, {"q": "zeppelin"})

    assert first.status_code == 200
    assert second.status_code == 429
    page = second.content.decode()
    assert "You searched a moment ago" in page
    assert 'value="zeppelin"' in page


def test_visitors_are_counted_by_their_address(client, write, settings):
    settings.FORUM_SEARCH_VISITOR_RATE = "1/60"

    assert client.get(URL, {"q": "quokka"}, REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get(URL, {"q": "quokka"}, REMOTE_ADDR="192.0.2.2").status_code == 200
    assert client.get(URL, {"q": "quokka"}, REMOTE_ADDR="192.0.2.1").status_code == 429


def test_members_are_counted_by_their_account_at_their_own_rate(client, member, settings):
    settings.FORUM_SEARCH_VISITOR_RATE = "1/60"
    settings.FORUM_SEARCH_MEMBER_RATE = "2/60"
    client.force_login(member)

    codes = [client.get(URL, {"q": "quokka"}).status_code for _ in range(3)]

    assert codes == [200, 200, 429]


def test_a_refused_query_and_the_empty_page_count_no_search(client, settings):
    settings.FORUM_SEARCH_VISITOR_RATE = "1/60"

    client.get(URL)
    client.get(URL, {"q": ""})

    assert client.get(URL, {"q": "quokka"}).status_code == 200


# --- Queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize("replies", [3, 60])
def test_the_results_page_costs_the_same_queries_whatever_the_hits(
    client, write, replies, django_assert_max_num_queries
):
    thread = write.thread("Trains", "Quokka opening.")
    for number in range(replies):
        write.reply(thread, f"Quokka reply {number}.")

    # Boards for the form, then on PostgreSQL the query's check, the page's ids with their
    # count, the page's hits with what they show; on SQLite the hits and their count.
    with django_assert_max_num_queries(4):
        response = client.get(URL, {"q": "quokka"})
    assert response.content.decode().count('class="search-hit"') == min(replies + 1, 20)


@pytest.mark.parametrize("threads", [2, 30])
def test_a_titles_only_page_costs_the_same_queries_whatever_the_hits(
    client, write, threads, django_assert_max_num_queries
):
    for number in range(threads):
        write.thread(f"Quokka {number}", "Words.")

    with django_assert_max_num_queries(4):
        response = client.get(URL, {"q": "quokka", "titles_only": "on"})
    assert response.content.decode().count('class="search-hit"') == min(threads, 20)


@pytest.mark.parametrize("replies", [3, 60])
def test_a_members_results_page_costs_the_same_queries_whatever_the_hits(
    client, write, member, replies, django_assert_max_num_queries
):
    thread = write.thread("Trains", "Quokka opening.")
    for number in range(replies):
        write.reply(thread, f"Quokka reply {number}.")
    client.force_login(member)

    # The member (the session is in the cache), their permissions (two: whether they may see
    # hidden posts), the thread named by "this thread", then what a visitor's page asks.
    with django_assert_max_num_queries(9):
        response = client.get(URL, {"q": "quokka", "thread": thread.pk})
    assert response.status_code == 200
