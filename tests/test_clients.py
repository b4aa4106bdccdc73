"""The visitor's address, as every per-address limit counts it, directly and behind proxies."""

import pytest
from allauth.account.adapter import get_adapter
from django.test import RequestFactory

from forum.clients import client_address


def request_from(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_directly_the_address_is_the_connections(settings):
    settings.FORUM_TRUSTED_PROXY_COUNT = 0

    assert client_address(request_from("198.51.100.7")) == "198.51.100.7"


def test_directly_a_spoofed_forwarded_for_changes_nothing(settings):
    settings.FORUM_TRUSTED_PROXY_COUNT = 0

    assert client_address(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_behind_one_proxy_the_entry_it_wrote_is_the_address(settings):
    settings.FORUM_TRUSTED_PROXY_COUNT = 1

    assert client_address(request_from("10.0.0.2", "203.0.113.9")) == "203.0.113.9"


def test_behind_one_proxy_what_the_visitor_wrote_before_it_is_ignored(settings):
    settings.FORUM_TRUSTED_PROXY_COUNT = 1

    address = client_address(request_from("10.0.0.2", "192.0.2.66, 1.1.1.1, 203.0.113.9"))

    assert address == "203.0.113.9"


def test_behind_two_proxies_the_second_entry_from_the_right_is_the_address(settings):
    settings.FORUM_TRUSTED_PROXY_COUNT = 2

    address = client_address(request_from("10.0.0.3", "192.0.2.66, 203.0.113.9, 10.0.0.2"))

    assert address == "203.0.113.9"


def test_behind_a_proxy_a_request_that_skipped_it_counts_by_its_connection(settings):
    settings.FORUM_TRUSTED_PROXY_COUNT = 1

    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"


@pytest.mark.parametrize(
    ("forwarded", "address"),
    [("203.0.113.9:51234", "203.0.113.9"), ("[2001:db8::1]:443", "2001:db8::1")],
)
def test_a_port_the_proxy_adds_is_dropped(settings, forwarded, address):
    settings.FORUM_TRUSTED_PROXY_COUNT = 1

    assert client_address(request_from("10.0.0.2", forwarded)) == address


def test_behind_a_proxy_a_garbled_entry_falls_back_to_the_connection(settings):
    settings.FORUM_TRUSTED_PROXY_COUNT = 1

    assert client_address(request_from("10.0.0.2", "not-an-address")) == "10.0.0.2"


def test_allauth_counts_by_the_same_address(settings):
    settings.FORUM_TRUSTED_PROXY_COUNT = 1
    request = request_from("10.0.0.2", "192.0.2.66, 203.0.113.9")

    assert get_adapter(request).get_client_ip(request) == "203.0.113.9"
