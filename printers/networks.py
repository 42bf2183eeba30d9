"""Which addresses a network printer saved from the admin pages may name.

A site admin types a printer's URI; the server then connects to it and shows whether it
answered. Without a limit that is a port scanner of the server's own networks, so a
``network://`` printer (or a counter's ``tcp://`` office printer) must be an IP address
inside the subnets the system's own admin lists (``PRINTER_NETWORKS``). Loopback,
link-local and other special addresses are never allowed, whatever the list says.
"""

import ipaddress
from urllib.parse import urlsplit

from printers.exceptions import PrinterConfigError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
PRIVATE_NETWORKS = "10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16"


def parse_networks(spec: str | list | tuple) -> list[Network]:
    """Read ``"10.0.0.0/8, 192.168.0.0/16"`` (or a list of such) into networks; refuse typos."""
    items = spec.replace(";", ",").split(",") if isinstance(spec, str) else list(spec)
    networks = []
    for item in (str(item).strip() for item in items):
        if item:
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError as error:
                raise PrinterConfigError(f"PRINTER_NETWORKS: {item!r} is not a subnet") from error
    return networks


def allowed_address(host: str, networks: list[Network]) -> bool:
    """Tell whether ``host`` is an IP address a network printer may use."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a host name may resolve anywhere, and again differently later
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if (address.is_loopback or address.is_link_local or address.is_unspecified
            or address.is_multicast or address.is_reserved):
        return False
    return any(address.version == network.version and address in network
               for network in networks)


def printer_address_allowed(uri: str | None, networks: list[Network]) -> bool:
    """Tell whether a printer URI may be saved and probed: any non-network printer may."""
    if not uri:
        return True
    parts = urlsplit(uri.strip())
    if parts.scheme.lower() not in ("network", "tcp"):  # tcp://: a counter's office printer
        return True
    return allowed_address(parts.hostname or "", networks)
