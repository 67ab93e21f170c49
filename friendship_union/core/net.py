"""The client's address, as one definition for login throttling, rate limits and logs; a keyed hash
of it, and a per-address submission count in the shared cache (comments, expressions of interest).

Behind a reverse proxy every request arrives from the proxy, so REMOTE_ADDR alone would put every
reader and every staff member behind one address (one person's wrong passwords would lock everyone
out). X-Forwarded-For, on the other hand, is written by whoever sends the request: believed blindly, it
lets anyone claim any address. So the header is read only when the request comes from a configured
trusted proxy (settings.TRUSTED_PROXIES, from DJANGO_TRUSTED_PROXIES), and only as far back as the chain
of trusted proxies goes: the address is the right-most entry not itself a trusted proxy — the one the
outermost trusted proxy saw. What a client puts at the left of the header is never used.

Written with the standard library's `ipaddress` rather than django-ipware: ipware picks the left-most
(client-supplied) entry by default and matches trusted proxies by string prefix, the two things this
function exists to avoid.
"""

import hashlib
import hmac
import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def trusted_networks() -> tuple:
    """settings.TRUSTED_PROXIES as networks (a bare address is a /32 or /128). Invalid entries raise
    ValueError; the system check core.E013 reports them at start."""
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _parse(value: str):
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:51234"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in networks)


def client_address(request) -> str:
    """The address of the client that sent `request` (see the module's docstring)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = trusted_networks()
    current = _parse(remote)
    if current is None or not networks or not _trusted(current, networks):
        return remote
    forwarded = ",".join(request.META.get("HTTP_X_FORWARDED_FOR", "").split("\x00"))
    for entry in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _parse(entry)
        if address is None:
            break  # garbage written by the client: stop at the last address a trusted proxy vouched for
        current = address
        if not _trusted(address, networks):
            break
    return str(current)


def address_hash(address: str) -> str:
    """A keyed SHA-256 of a client address: equal addresses match, the address itself is not kept."""
    return hmac.new(settings.SECRET_KEY.encode(), (address or "").encode(), hashlib.sha256).hexdigest()


class RateLimited(Exception):
    """Too many submissions from one address in the current window."""


def rate_limited(scope: str, hashed: str, limit: int) -> bool:
    """True when `hashed` (an address_hash) has made `limit` submissions of `scope` in the window."""
    return (cache.get(f"rate:{scope}:{hashed}") or 0) >= limit


def count_submission(scope: str, hashed: str, window_seconds: int) -> None:
    """Count one submission of `scope` from `hashed` in the shared cache, for `window_seconds`."""
    key = f"rate:{scope}:{hashed}"
    if not cache.add(key, 1, window_seconds):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, window_seconds)
