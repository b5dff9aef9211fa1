"""Who is calling: the client's address, behind the installation's trusted proxies.

One function for every use (rate limits, security events, access logs, the API's
throttling). Without a configured header the address is ``REMOTE_ADDR``. With one
(``SANXIANG_CLIENT_ADDRESS_HEADER``, e.g. ``X-Forwarded-For`` or ``X-Real-IP``) the header
is believed only when the request comes from a trusted proxy (``SANXIANG_TRUSTED_PROXIES``,
addresses or networks; when that list is empty every peer is taken to be the proxy, as when
the server listens on a private socket behind it). In a list of addresses the right-most one
that is not a trusted proxy is the client: entries to its left were written by the client
itself and prove nothing, so a caller cannot pick a fresh address for each attempt.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address | None) -> bool:
    networks = settings.TRUSTED_PROXIES
    if address is None:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in networks)


def client_address(request: Any) -> str | None:
    """The client's address as text, or None when the request carries none."""
    remote = request.META.get("REMOTE_ADDR") or ""
    header = settings.CLIENT_ADDRESS_HEADER
    value = request.META.get(header) if header else None
    if value and (not settings.TRUSTED_PROXIES or _trusted(_address(remote))):
        for candidate in reversed(str(value).split(",")):
            parsed = _address(candidate)
            if parsed is None:
                break  # a malformed entry: believe nothing further left
            if not _trusted(parsed):
                return str(parsed)
    return remote.strip() or None
