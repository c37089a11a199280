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
    """The cursor of the page after the one that ends with `post`."""
    assert post.published_at is not None
    return _encode((post.published_at - _EPOCH) // _MICRO, post.id)


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


def cursor_starting_at(post: Post, *, newest_first: bool) -> str:
    """A cursor whose page begins with `post` itself (to show an update in context).

    Pages hold the updates strictly after the cursor, so it names a neighbour
    position one id past the post, which no other update can occupy.
    """
    assert post.published_at is not None
    beside = post.id + 1 if newest_first else post.id - 1
    return _encode((post.published_at - _EPOCH) // _MICRO, beside)


def _encode(micros: int, post_id: int) -> str:
    return base64.urlsafe_b64encode(f"{micros}:{post_id}".encode()).decode().rstrip("=")
