"""forum/paging.py: the arithmetic of page links."""

import pytest

from forum.paging import PageLinks, jump_links


def numbers(links):
    return [link.number if link else "…" for link in links]


@pytest.mark.parametrize(
    ("count", "shown"),
    [
        (1, []),
        (2, [1, 2]),
        (4, [1, 2, 3, 4]),
        (5, [1, 2, "…", 5]),
        (7, [1, 2, "…", 7]),
    ],
)
def test_jump_links_give_the_first_pages_and_the_last(count, shown):
    assert numbers(jump_links(count, str)) == shown


def test_jump_links_point_at_each_pages_url():
    links = jump_links(7, lambda number: f"/t/?page={number}")

    assert [link.url for link in links if link] == ["/t/?page=1", "/t/?page=2", "/t/?page=7"]


def test_page_links_build_each_address_once():
    asked = []

    def url_for(number):
        asked.append(number)
        return f"?page={number}"

    pages = PageLinks(5, 9, url_for)
    for _ in range(2):  # the links above the posts and below them
        assert (pages.previous_url, pages.next_url) == ("?page=4", "?page=6")
        assert [link.number for link in pages.links if link] == [1, 3, 4, 5, 6, 7, 9]

    assert sorted(asked) == [1, 3, 4, 4, 5, 6, 6, 7, 9]
