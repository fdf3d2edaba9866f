"""The address of the client, also behind the region's reverse proxies.

``X-Forwarded-For`` is believed only when the request comes from an address in
``settings.TRUSTED_PROXIES`` (addresses or networks); then the right-most address in the header
that is not itself a trusted proxy is the client. Whatever a client writes into the header itself
is to the left of that and never read. Without trusted proxies only ``REMOTE_ADDR`` counts.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]):
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in trusted if entry)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))
    nearest = _address(remote)
    if nearest is None or not networks or not _trusted(nearest, networks):
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a trusted proxy would not pass on nonsense: stop at the last good hop
        nearest = address
        if not _trusted(address, networks):
            break
    return str(nearest)
