"""A page's post URLs are written as reverse() writes them (forum.posts.links)."""

from types import SimpleNamespace

from django.urls import clear_script_prefix, reverse, set_script_prefix

from forum.posts.links import POST_URLS, PostUrls


def test_post_urls_are_what_reverse_gives():
    urls = PostUrls().for_post(SimpleNamespace(pk=1234))

    for name, url_name in POST_URLS.items():
        assert getattr(urls, name) == reverse(url_name, kwargs={"pk": 1234})


def test_post_urls_follow_the_script_prefix():
    set_script_prefix("/forum/")
    try:
        urls = PostUrls().for_post(SimpleNamespace(pk=5))
    finally:
        clear_script_prefix()

    assert urls.edit == "/forum/posts/5/edit/"
