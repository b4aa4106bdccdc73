"""Every response carries the Content-Security-Policy and Permissions-Policy headers."""

from types import ModuleType

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def policy(response):
    directives = (
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return dict(directives)


def pages(thread, board, member):
    """What a visitor and a member open, a missing page and a refused one among them."""
    return [
        ("anonymous", "/"),
        ("anonymous", board.get_absolute_url()),
        ("anonymous", thread.get_absolute_url()),
        ("anonymous", member.get_absolute_url()),
        ("anonymous", reverse("account_login")),
        ("anonymous", reverse("account_signup")),
        ("anonymous", "/no-such-page/"),
        ("member", thread.get_absolute_url()),
        ("member", reverse("posts:reply", args=[thread.pk])),
        ("member", "/admin/"),
        ("moderator", "/admin/"),
        ("moderator", "/admin/threads/thread/"),
    ]


@pytest.fixture
def responses(client, thread, board, member, moderator):
    found = []
    for who, url in pages(thread, board, member):
        client.logout()
        if who != "anonymous":
            client.force_login(member if who == "member" else moderator)
        found.append((url, client.get(url)))
    return found


def test_every_page_forbids_inline_scripts_and_styles_plugins_and_framing(responses):
    for url, response in responses:
        csp = policy(response)
        assert csp["script-src"] == "'self'", url
        assert csp["style-src"] == "'self'", url
        assert csp["object-src"] == "'none'", url
        assert csp["base-uri"] == "'none'", url
        assert csp["frame-ancestors"] == "'none'", url
        assert csp["form-action"] == "'self'", url
        assert csp["img-src"] == "'self' https:", url


def test_every_page_turns_off_camera_microphone_and_location(responses):
    for url, response in responses:
        features = response["Permissions-Policy"].split(", ")
        assert {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= set(features), url


def test_the_server_error_page_carries_the_headers_and_no_inline_style(settings):
    from django.urls import path

    def broken(request):
        raise RuntimeError("Down")

    import forum.urls

    urls = ModuleType("broken_urls")
    urls.urlpatterns = [path("broken/", broken), *forum.urls.urlpatterns]
    settings.ROOT_URLCONF = urls
    response = Client(raise_request_exception=False).get("/broken/")

    html = response.content.decode()
    assert response.status_code == 500
    assert policy(response)["style-src"] == "'self'"
    assert "camera=()" in response["Permissions-Policy"]
    assert "<style" not in html and 'href="/static/css/error.css"' in html
