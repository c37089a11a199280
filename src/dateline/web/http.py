"""Small helpers for raw ASGI request scopes."""

from __future__ import annotations

from starlette.types import Scope


def header(scope: Scope, name: bytes) -> bytes:
    """The first value of a request header (`name` in lowercase), or b""."""
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return b""
