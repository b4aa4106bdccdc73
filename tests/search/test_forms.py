import datetime

from forum.search.forms import NEWEST, RELEVANCE, SearchForm


def test_the_filters_come_from_the_fields():
    form = SearchForm(
        {
            "q": "night train",
            "member": " alice ",
            "after": "2024-01-01",
            "before": "2024-02-01",
            "order": NEWEST,
            "titles_only": "on",
            "thread": "7",
        }
    )

    assert form.is_valid(), form.errors
    filters = form.filters()
    assert (filters.member, filters.thread, filters.titles_only, filters.newest_first) == (
        "alice",
        7,
        True,
        True,
    )
    assert (filters.after, filters.before) == (datetime.date(2024, 1, 1), datetime.date(2024, 2, 1))


def test_words_from_the_header_box_alone_are_searched_by_relevance():
    form = SearchForm({"q": "night train"})

    assert form.is_valid()
    assert form.cleaned_data["order"] == RELEVANCE
    assert not form.filters().newest_first


def test_a_member_alone_is_enough_to_search():
    assert SearchForm({"q": "", "member": "alice"}).is_valid()


def test_a_thread_that_is_not_a_number_is_refused():
    form = SearchForm({"q": "train", "thread": "²"})

    assert not form.is_valid()
    assert "thread" in form.errors


def test_an_unknown_board_is_refused():
    form = SearchForm({"q": "train", "board": "999"}, boards=[])

    assert "board" in form.errors
