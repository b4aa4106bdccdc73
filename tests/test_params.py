"""Every number a request carries is read by ``forum.params``: nothing a visitor types is a 500."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from forum.markup import render_post_body
from forum.params import positive_int, positive_ints
from tests.helpers import make_thread

# What str.isdigit() takes and int() refuses ("²", "①"), what int() takes and no link of ours
# writes ("٣", " 7", "+7", "1_0"), and more digits than int() or the database can hold.
TRICKY = [
    "²",
    "①",
    "٣",
    "𝟙",
    " 7",
    "7 ",
    "+7",
    "-7",
    "1_0",
    "0",
    "00",
    "",
    "7.0",
    "9" * 19,
    "9" * 5000,
]
NUMBERS = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(categories=["Nd", "No", "Nl", "Zs", "Pd"]), max_size=6),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.text(max_size=12),
)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    # The requests below only read: the database the fixtures built serves every example.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.mark.parametrize("raw", TRICKY)
def test_what_is_not_plain_ascii_digits_is_no_number(raw):
    assert positive_int(raw) is None


@pytest.mark.parametrize(("raw", "number"), [("1", 1), ("007", 7), ("9" * 18, 10**18 - 1)])
def test_plain_ascii_digits_are_a_number(raw, number):
    assert positive_int(raw) == number


@given(NUMBERS)
def test_any_text_is_a_positive_number_or_none_and_never_an_error(raw):
    number = positive_int(raw)
    assert number is None or (number >= 1 and int(raw) == number)


def test_positive_ints_keeps_the_numbers_up_to_the_limit():
    assert positive_ints(["²", "3", "x", "4", "5"], limit=2) == [3, 4]


@given(st.sampled_from(["post", "topic"]), NUMBERS)
@example("post", "²")
def test_a_quote_attribution_with_any_number_renders(key, raw):
    html = render_post_body(f'[QUOTE="someone, {key}: {raw}"]Quoted.[/QUOTE]')
    assert "Quoted." in html


@pytest.fixture
def long_thread(board):
    return make_thread(posts=45, board=board)


@pytest.mark.django_db
@FUZZ
@given(raw=NUMBERS)
@example(raw="²")
def test_a_thread_page_number_is_a_page_or_a_redirect(client, long_thread, raw):
    response = client.get(long_thread.get_absolute_url(), {"page": raw})
    assert response.status_code in (200, 302)


@pytest.mark.django_db
@FUZZ
@given(raw=NUMBERS)
@example(raw="①")
def test_a_board_page_number_is_a_page_or_a_redirect(client, board, long_thread, raw):
    response = client.get(board.get_absolute_url(), {"page": raw})
    assert response.status_code in (200, 302)


@pytest.mark.django_db
@FUZZ
@given(raws=st.lists(NUMBERS, max_size=4))
@example(raws=["²"])
def test_the_posts_to_quote_are_numbers_or_left_out(client, long_thread, raws):
    client.force_login(long_thread.starter)
    response = client.get(reverse("posts:reply", args=[long_thread.pk]), {"quote": raws})
    assert response.status_code == 200


@pytest.mark.django_db
@FUZZ
@given(raw=NUMBERS)
@example(raw="²")
def test_a_logged_out_reply_shows_its_text_whatever_page_it_names(client, long_thread, raw):
    url = reverse("posts:reply_draft", args=[long_thread.pk])
    response = client.post(url, {"body": "Kept.", "page": raw})
    assert response.status_code == 200
    assert "Kept." in response.content.decode()
