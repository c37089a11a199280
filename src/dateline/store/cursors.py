"""Opaque cursors for paging through a blog's updates in time order.

A cursor names the last update a page showed by (published_at, id), so the
next page starts right after it however many updates arrive meanwhile.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from ..domain.errors import Invalid
from ..domain.post import Post
from ..domain.times import EARLIEST, LATEST

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)
_MAX_ID = (1 << 63) - 1


def encode_cursor(post: Post) -> str:
    """The cursor of the page after the one that ends with `post`."""
    assert post.published_at is not None
    return _encode((post.published_at - _EPOCH) // _MICRO, post.id)


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The position a cursor names. Only the exact text this server hands out is a cursor:
    junk around a valid one is refused, so caches keyed on it cannot be flooded."""
    refusal = Invalid.one(
        "cursor", "is not a cursor this server handed out; start again without it"
    )
    if len(cursor) > 64:
        raise refusal
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        micros_text, id_text = base64.urlsafe_b64decode(padded.encode()).decode().split(":")
        micros, post_id = int(micros_text), int(id_text)
        if _encode(micros, post_id) != cursor or not (0 <= post_id <= _MAX_ID):
            raise refusal
        instant = _EPOCH + micros * _MICRO
    except (ValueError, UnicodeDecodeError, OverflowError):
        raise refusal from None
    if not EARLIEST <= instant < LATEST:
        raise refusal
    return instant, post_id


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


def encode_position(kind: str, number: int) -> str:
    """A cursor for a log read in order (the audit log): a kind and the last number seen."""
    return base64.urlsafe_b64encode(f"{kind}:{number}".encode()).decode().rstrip("=")


def decode_position(kind: str, cursor: str) -> int:
    """The number an `encode_position` cursor of this kind names; the same rules as above:
    only the exact text handed out, of the right kind, in range."""
    refusal = Invalid.one("after", "is not a cursor this server handed out; start again without it")
    if len(cursor) > 64:
        raise refusal
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        named, number_text = base64.urlsafe_b64decode(padded.encode()).decode().split(":")
        number = int(number_text)
    except (ValueError, UnicodeDecodeError):
        raise refusal from None
    if named != kind or not 0 <= number <= _MAX_ID or encode_position(kind, number) != cursor:
        raise refusal
    return number
