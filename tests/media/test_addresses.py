"""Only public addresses may be fetched; IPv6 forms are judged by the IPv4 inside them."""

from __future__ import annotations

import pytest

from dateline.media.addresses import AddressRefused, check_address


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.8.8.8", "::1", "10.0.0.7", "172.16.4.4", "192.168.1.1",
        "169.254.169.254", "fe80::1", "fd00::5", "100.64.0.1", "0.0.0.0", "::",
        "224.0.0.251", "ff02::1", "240.0.0.1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
        "64:ff9b::a9fe:a9fe", "2002:7f00:0001::", "not-an-address",
    ],
)  # fmt: skip
def test_private_loopback_link_local_and_disguised_addresses_are_refused(address):
    with pytest.raises(AddressRefused):
        check_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    assert str(check_address(address)) == address


def test_the_test_allowance_opens_loopback_and_nothing_else():
    assert str(check_address("127.0.0.1", allow_loopback=True)) == "127.0.0.1"
    assert str(check_address("::1", allow_loopback=True)) == "::1"
    for other in ("10.0.0.7", "169.254.169.254", "192.168.1.1"):
        with pytest.raises(AddressRefused):
            check_address(other, allow_loopback=True)
