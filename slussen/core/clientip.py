"""The address of the client that sent a request, seen through the region's own proxies.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy's address for everybody. Only when the
request comes from a proxy named in ``settings.TRUSTED_PROXIES`` (addresses or networks, from the
environment as ``TRUSTED_PROXIES=10.0.0.5,10.1.0.0/16``) is ``X-Forwarded-For`` read: the
right-most address in it that is not a trusted proxy is the client (what a client writes itself
stands to the left of it). From anyone else the header is ignored, so it cannot be spoofed.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _trusted(address: str) -> bool:
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    if not networks:
        return False
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    if not _trusted(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for address in reversed([a.strip() for a in forwarded.split(",") if a.strip()]):
        if not _trusted(address):
            return address
    return remote
