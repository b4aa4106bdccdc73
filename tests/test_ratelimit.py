import pytest

from forum import ratelimit
from forum.ratelimit import Rate


def test_uses_within_the_rate_are_allowed_and_the_next_refused():
    rate = Rate(uses=2, period=60)

    outcomes = [ratelimit.allow("preview", 1, rate)[0] for _ in range(3)]

    assert outcomes == [True, True, False]


def test_each_member_and_each_scope_counts_apart():
    rate = Rate(uses=1, period=60)
    ratelimit.allow("preview", 1, rate)

    assert ratelimit.allow("preview", 2, rate)[0]
    assert ratelimit.allow("edit", 1, rate)[0]


def test_a_refusal_says_how_long_is_left_of_the_window():
    rate = Rate(uses=1, period=60)
    ratelimit.allow("preview", 1, rate)

    allowed, wait = ratelimit.allow("preview", 1, rate)

    assert not allowed
    assert 1 <= wait <= 60


@pytest.mark.parametrize(("text", "rate"), [("30/60", Rate(30, 60)), ("1/3", Rate(1, 3))])
def test_a_rate_reads_as_uses_per_seconds(text, rate):
    assert Rate.parse(text) == rate
