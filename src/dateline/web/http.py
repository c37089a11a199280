"""Small helpers for raw ASGI request scopes."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from starlette.types import Scope


def header_lines(headers: Iterable[tuple[bytes, bytes]]) -> bytes:
    """Headers as they go on the wire, each line ending in CRLF."""
    return b"".join(b"%s: %s\r\n" % (name, value) for name, value in headers)


def header(scope: Scope, name: bytes) -> bytes:
    """The first value of a request header (`name` in lowercase), or b""."""
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return b""


def etag_matches(if_none_match: bytes, etag: bytes) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == b"*":
        return True
    # Compare weakly, as RFC 9110 says If-None-Match must.
    wanted = {tag.strip().removeprefix(b"W/") for tag in if_none_match.split(b",")}
    return etag.removeprefix(b"W/") in wanted


def accepts(accept_encoding: bytes, coding: bytes) -> bool:
    """Does the client take `coding` (listed, and not with q=0)?"""
    for item in accept_encoding.lower().split(b","):
        name, _, params = item.strip().partition(b";")
        if name.strip() != coding:
            continue
        q = params.strip().removeprefix(b"q=")
        try:
            return not params or float(q) > 0
        except ValueError:
            return True
    return False


@functools.lru_cache(maxsize=256)
def preferred_coding(accept_encoding: bytes) -> str:
    """The smallest coding this client takes: "br", "gzip" or "" (none). Remembered per
    header value: browsers send a handful of them, and this is on the hottest path."""
    if accepts(accept_encoding, b"br"):
        return "br"
    return "gzip" if accepts(accept_encoding, b"gzip") else ""
