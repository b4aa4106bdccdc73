"""Files every page refers to or browsers ask for: the favicon, as SVG and at /favicon.ico."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders


def test_favicon_ico_is_served_at_the_sites_root(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file's header


def test_the_svg_favicon_is_a_static_file():
    with open(finders.find("favicon.svg")) as svg:
        assert svg.read().startswith("<svg")


@pytest.mark.django_db
def test_every_page_points_at_the_favicons(client):
    html = client.get("/").content.decode()

    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html
    assert 'rel="icon" href="/static/favicon.svg" type="image/svg+xml"' in html


def test_every_block_of_the_stylesheet_is_closed():
    # A merge once left a rule open, and browsers then dropped every rule after it.
    css = Path(finders.find("css/forum.css")).read_text(encoding="utf-8")
    depth = 0
    for character in css:
        depth += {"{": 1, "}": -1}.get(character, 0)
        assert depth >= 0
    assert depth == 0
