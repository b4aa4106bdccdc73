"""Dates, likes lines and banners as every reader reads them (no database)."""

from datetime import UTC, date, datetime

import pytest

from forum.importer.common import parse_count, parse_likes, read_date, split_banners


@pytest.mark.parametrize(
    ("text", "moment", "time_known"),
    [
        ("Jun 30, 2018 at 2:23 PM", datetime(2018, 6, 30, 14, 23, tzinfo=UTC), True),
        ("Jun 30, 2018", datetime(2018, 6, 30, tzinfo=UTC), False),
        ("Today at 9:14 AM", datetime(2018, 7, 4, 9, 14, tzinfo=UTC), True),
        ("Yesterday at 11:59 PM", datetime(2018, 7, 3, 23, 59, tzinfo=UTC), True),
        ("Monday at 8:00 AM", datetime(2018, 7, 2, 8, 0, tzinfo=UTC), True),
        ("Wednesday at 8:00 AM", datetime(2018, 6, 27, 8, 0, tzinfo=UTC), True),
    ],
)
def test_dates_with_a_known_save_day(text, moment, time_known):
    # July 4, 2018 was a Wednesday: "Wednesday" then means the week before.
    assert read_date(text, saved_on=date(2018, 7, 4))[:2] == (moment, time_known)


def test_a_relative_day_without_a_save_day_is_unknown_and_says_why():
    assert read_date("Monday at 8:00 AM") == (
        None,
        False,
        "'Monday at 8:00 AM' is relative and the page's save date is unknown",
    )


def test_something_else_is_not_a_date():
    assert read_date("soon")[0] is None


@pytest.mark.parametrize(
    ("line", "names", "others"),
    [
        ("A, B and C like this.", ["A", "B", "C"], 0),
        ("A and 7 others like this.", ["A"], 7),
        ("A likes this.", ["A"], 0),
        ("You, A and B like this.", ["A", "B"], 1),
        ("A, B and 1,204 others like this.", ["A", "B"], 1204),
    ],
)
def test_likes_lines(line, names, others):
    assert parse_likes(line) == (names, others)


def test_staff_banner_is_kept_beside_the_role_banner_in_either_spelling():
    assert split_banners(["Staff member", "Moderator"]) == ("Moderator", ("Staff member",))


def test_counts_with_separators():
    assert (parse_count("12,345"), parse_count("12.345"), parse_count("—")) == (12345, 12345, None)
