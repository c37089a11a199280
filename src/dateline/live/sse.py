"""Server-Sent Events framing (https://html.spec.whatwg.org/#server-sent-events)."""

from __future__ import annotations

# A comment line: ignored by EventSource, but it keeps proxies from timing the stream out.
HEARTBEAT = b": keep-alive\n\n"


def retry(milliseconds: int) -> bytes:
    """Tell the browser how long to wait before reconnecting."""
    return b"retry: %d\n\n" % milliseconds


def event(data: str, *, id: int | None = None, name: str | None = None) -> bytes:
    """One event. `data` must not contain newlines (compact JSON never does)."""
    assert "\n" not in data and "\r" not in data
    head = b""
    if id is not None:
        head += b"id: %d\n" % id
    if name is not None:
        head += b"event: " + name.encode() + b"\n"
    return head + b"data: " + data.encode() + b"\n\n"
