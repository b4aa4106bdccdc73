"""The address a request comes from, as every per-address limit of the forum counts it.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy's own address: a limit counted by it is the
whole site's, so one visitor's wrong passwords lock everyone out. ``FORUM_TRUSTED_PROXY_COUNT``
says how many proxies of ours stand in front of the app servers. Each appends the address it
was reached from to ``X-Forwarded-For``, so the entry that many places from the right is the
visitor's; whatever stands left of it the visitor wrote themselves and is never believed. With
no proxy (the default) the header is ignored: anyone can send one.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    """The visitor's IP address: ``REMOTE_ADDR``, or the proxies' word for it when trusted."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.FORUM_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [entry.strip() for entry in forwarded if entry.strip()]
        # Fewer entries than proxies: the request skipped the outer ones, and the left-most
        # entry is still one that a proxy of ours wrote.
        address = _clean(forwarded[-min(proxies, len(forwarded))]) if forwarded else None
        if address:
            return address
    return _clean(remote) or remote


def _clean(value):
    """``value`` as a canonical IP address, or None; a port some proxies add is dropped."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.partition(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
