"""Which network addresses an outbound fetch may reach: public ones only.

Checked on the addresses a name resolves to, not on the name, so a DNS answer
cannot smuggle in a private, loopback or link-local address. IPv6 forms that
carry an IPv4 address inside (mapped, NAT64, 6to4, Teredo) are judged by it.
"""

from __future__ import annotations

import ipaddress

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(Exception):
    """A fetch aimed at an address Dateline must never reach."""


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for, if it stands for one."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour:
        return address.sixtofour
    if address.teredo:
        return address.teredo[1]
    return None


def check_address(text: str, *, allow_loopback: bool = False) -> IPAddress:
    """The address, if a fetch may connect to it; AddressRefused (saying why) if not.

    `allow_loopback` exists for tests, whose fixtures listen on 127.0.0.1; nothing
    in production sets it.
    """
    try:
        address: IPAddress = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        raise AddressRefused(f"{text!r} is not an IP address") from None
    inner = embedded_ipv4(address)
    judged: IPAddress = inner or address
    if judged.is_loopback and allow_loopback:
        return address
    if judged.is_loopback:
        raise AddressRefused(f"{address} is a loopback address")
    if judged.is_link_local:
        raise AddressRefused(f"{address} is a link-local address")
    if judged.is_multicast or judged.is_unspecified or judged.is_reserved:
        raise AddressRefused(f"{address} is not a unicast public address")
    if not judged.is_global:
        raise AddressRefused(f"{address} is a private address")
    return address
