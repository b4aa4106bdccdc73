"""A member's profile address is written as reverse() writes it (accounts.links)."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils.text import slugify

from accounts.links import profile_url

NAMES = ["alice", "Bob Smith", "Zoë", "Ørjan_1", "名前", "a'b\"c<d>", "!!!", "", "x" * 150]


def reversed_profile(pk, username):
    slug = slugify(username, allow_unicode=True) or "member"
    return reverse("accounts:profile", kwargs={"slug": slug, "pk": pk})


@pytest.mark.parametrize("username", NAMES)
def test_profile_url_is_what_reverse_gives(username):
    assert profile_url(42, username) == reversed_profile(42, username)


def test_profile_url_follows_the_script_prefix():
    set_script_prefix("/forum/")
    try:
        assert profile_url(7, "Zoë") == reversed_profile(7, "Zoë")
        assert profile_url(7, "Zoë").startswith("/forum/members/")
    finally:
        clear_script_prefix()
