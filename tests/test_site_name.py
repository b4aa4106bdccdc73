"""The site's name (FORUM_NAME) in the header and the title of every page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_forum(settings):
    settings.FORUM_NAME = "Trail Talk"


def title_of(response):
    html = response.content.decode()
    return html[html.index("<title>") + len("<title>") : html.index("</title>")]


def test_the_index_is_titled_with_the_forums_name(client, named_forum):
    response = client.get("/")

    assert title_of(response) == "Trail Talk"
    assert '<a class="site-name" href="/">Trail Talk</a>' in response.content.decode()


def test_a_thread_page_title_ends_with_the_forums_name(client, named_forum, seed):
    assert title_of(client.get(seed.get_absolute_url())) == f"{seed.title} – Trail Talk"


def test_a_board_page_title_ends_with_the_forums_name(client, named_forum, seed):
    assert title_of(client.get(seed.board.get_absolute_url())) == f"{seed.board.name} – Trail Talk"


def test_account_pages_are_titled_with_the_forums_name(client, named_forum):
    assert title_of(client.get(reverse("account_login"))) == "Log in – Trail Talk"


def test_the_forum_is_called_forum_when_nothing_names_it(client):
    assert title_of(client.get("/")) == "Forum"
