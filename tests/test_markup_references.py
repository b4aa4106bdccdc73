"""What forum.markup reads back from a post's HTML for the alerts: quotes and mentions."""

import pytest

from forum.markup import mentioned_profiles, quoted_posts, render_post_body
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_quoted_posts_of_the_same_thread_and_of_another():
    html = render_post_body(
        '[quote="ann, post:3"]a[/quote]\n[quote="bob, post:4, topic:9"]b[/quote]'
    )

    assert quoted_posts(html) == [(None, 3), (9, 4)]


def test_mentions_in_the_posts_own_words_only():
    ann = UserFactory(username="ann")
    UserFactory(username="bob")

    html = render_post_body('[quote="carl"]Hi @bob[/quote]\nThanks @ann!')

    assert mentioned_profiles(html) == [ann.get_absolute_url()]
