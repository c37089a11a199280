"""Opaque cursors for paging through a blog's updates in time order.

A cursor names the last update a page showed by (published_at, id), so the
next page starts right after it however many updates arrive meanwhile.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from ..domain.errors import Invalid
from ..domain.post import Post

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


def encode_cursor(post: Post) -> str:
    assert post.published_at is not None
    micros = (post.published_at - _EPOCH) // _MICRO
    raw = f"{micros}:{post.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        micros, post_id = base64.urlsafe_b64decode(padded.encode()).decode().split(":")
        instant = _EPOCH + int(micros) * _MICRO
        return instant, int(post_id)
    except (ValueError, UnicodeDecodeError, OverflowError):
        raise Invalid.one(
            "cursor", "is not a cursor this server handed out; start again without it"
        ) from None
