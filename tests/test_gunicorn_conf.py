"""gunicorn.conf.py: the limits on what a request may hold, as gunicorn reads them."""

import runpy
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from gunicorn.config import Config

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
# What the README tells operators to let through at the proxy (client_max_body_size 1m).
PROXY_BODY_CAP = 1024 * 1024


def gunicorn_config(monkeypatch, **environment):
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    values = runpy.run_path(str(CONF))
    config = Config()
    for name in ("limit_request_line", "limit_request_fields", "limit_request_field_size"):
        config.set(name, values[name])  # gunicorn's own validation
    return config


def test_gunicorn_limits_the_request_line_headers_and_header_size(monkeypatch):
    config = gunicorn_config(monkeypatch)

    assert config.limit_request_line == 4094
    assert config.limit_request_fields == 50
    assert config.limit_request_field_size == 8190


def test_the_limits_come_from_the_environment(monkeypatch):
    config = gunicorn_config(
        monkeypatch,
        GUNICORN_LIMIT_REQUEST_LINE="2048",
        GUNICORN_LIMIT_REQUEST_FIELDS="30",
        GUNICORN_LIMIT_REQUEST_FIELD_SIZE="4096",
    )

    assert (config.limit_request_line, config.limit_request_fields) == (2048, 30)
    assert config.limit_request_field_size == 4096


def test_django_reads_no_body_larger_than_the_proxy_lets_through():
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE < PROXY_BODY_CAP


@pytest.mark.django_db
def test_the_longest_post_in_four_byte_characters_fits_in_a_plain_form(client, thread, member):
    client.force_login(member)
    body = "🙂" * django_settings.FORUM_POST_MAX_LENGTH

    response = client.post(
        f"/threads/{thread.pk}/reply/",
        urlencode({"body": body, "preview": "1"}),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert response.context["form"].is_valid()


@pytest.mark.django_db
def test_a_larger_body_is_refused_unread(client, thread, member):
    client.force_login(member)
    body = "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = client.post(
        f"/threads/{thread.pk}/reply/",
        urlencode({"body": body}),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
