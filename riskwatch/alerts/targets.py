"""Where a webhook may be sent: http(s) only, and never to an address inside our network.

The host is resolved and every address checked, at creation and again at each send, and the
send connects to the address that was checked, so a name that changes its answer between
the check and the connection (DNS rebinding) cannot redirect us.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeTarget(ValueError):
    """The URL cannot be used as a webhook destination; the message says why."""


@dataclass(frozen=True, slots=True)
class Target:
    url: str
    scheme: str
    host: str
    port: int
    address: IPAddress


def forbidden_reason(address: IPAddress) -> str | None:
    """Why an address is off limits, or None. IPv4-mapped IPv6 is judged as its IPv4."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    checks = (("loopback", address.is_loopback), ("unspecified", address.is_unspecified),
              ("link-local", address.is_link_local), ("multicast", address.is_multicast),
              ("private", address.is_private), ("reserved", address.is_reserved))
    for name, flagged in checks:
        if flagged:
            return f"{name} address {address}"
    if not address.is_global:  # e.g. 100.64.0.0/10 (carrier-grade NAT), 192.0.0.0/24
        return f"non-public address {address}"
    return None


def split_url(url: str) -> tuple[str, str, int]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeTarget(f"url: {exc}") from exc
    if parts.scheme not in ("http", "https"):
        raise UnsafeTarget("url: only http and https destinations are allowed")
    if not parts.hostname:
        raise UnsafeTarget("url: has no host")
    if parts.username or parts.password:
        raise UnsafeTarget("url: must not carry credentials")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def resolve_target(url: str, *, allow_private: bool) -> Target:
    """Resolve and check; the first acceptable address is the one to connect to."""
    scheme, host, port = split_url(url)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeTarget(f"url: host {host!r} does not resolve") from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    if not addresses:
        raise UnsafeTarget(f"url: host {host!r} does not resolve")
    if not allow_private:
        for address in addresses:
            reason = forbidden_reason(address)
            if reason:
                raise UnsafeTarget(f"url: {host!r} resolves to a {reason}; refused")
    return Target(url, scheme, host, port, addresses[0])
