"""Several chanceryd replicas as one channel: the gRPC target and the channel options."""

from __future__ import annotations

import ipaddress
import json
import re
from typing import Iterable

# Calls are spread over every address of the target (round_robin), and a call that finds a
# replica unavailable is tried again, on another. Every chancery.v1 call may be retried so:
# reads change nothing, and a retried record or retraction carries the same ids, which the
# server records once.
SERVICE_CONFIG = json.dumps({
    "loadBalancingConfig": [{"round_robin": {}}],
    "methodConfig": [{
        "name": [{"service": "chancery.v1.RelationsService"},
                 {"service": "chancery.v1.EventLogService"},
                 {"service": "chancery.v1.AuditService"}],
        "retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.1s", "maxBackoff": "1s",
                        "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]},
    }],
})
CHANNEL_OPTIONS = (("grpc.service_config", SERVICE_CONFIG), ("grpc.enable_retries", 1))


def channel_options(servers: str | Iterable[str]) -> list[tuple[str, object]]:
    """The replica channel options for `servers`: CHANNEL_OPTIONS, and for a list its first
    address as the authority (the name TLS checks), since "IP:PORT,IP:PORT" names no one
    server."""
    if not isinstance(servers, str):
        servers = ",".join(servers)
    if "," not in servers:
        return list(CHANNEL_OPTIONS)
    return [*CHANNEL_OPTIONS, ("grpc.default_authority", servers.split(",")[0].strip())]

_HOST_PORT = re.compile(r"(?P<host>.+):[0-9]+")


def servers_target(servers: str | Iterable[str]) -> str:
    """The gRPC target for `servers`.

    One "HOST:PORT" is the target as it is (a host name whose DNS records list several
    replicas reaches them all). Several "IP:PORT", separated by commas or as a list of
    strings, become one "ipv4:" or "ipv6:" target. ValueError for an address without a port,
    and for a list that holds a host name or mixes IPv4 and IPv6.
    """
    if not isinstance(servers, str):
        servers = ",".join(servers)
    if "," not in servers:
        address = servers.strip()
        # With a colon and not a bare IP it is HOST:PORT, or a gRPC target ("dns:///", "unix:").
        if ":" not in address or _is_ip(address.strip("[]")):
            raise ValueError(f'server address "{address}" has no port: give HOST:PORT, or '
                             "several IP:PORT separated by commas")
        return address
    addresses = [address.strip() for address in servers.split(",")]
    family = None
    for address in addresses:
        this_one = _family(address)
        if this_one is None or family not in (None, this_one):
            raise ValueError(
                f'"{address}" in the server list "{servers}" is not an IP:PORT address of the '
                "list's kind: a list takes IPv4 or [IPv6] addresses, not both; for host names "
                "give one name whose DNS records list every replica")
        family = this_one
    return f"ipv{family}:" + ",".join(addresses)


def _family(address: str) -> int | None:
    """4 for "IPv4:PORT", 6 for "[IPv6]:PORT", else None."""
    match = _HOST_PORT.fullmatch(address)
    if match is None:
        return None
    host = match["host"]
    try:
        if host.startswith("[") and host.endswith("]"):
            return ipaddress.IPv6Address(host[1:-1]).version
        return ipaddress.IPv4Address(host).version
    except ValueError:
        return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        return False
