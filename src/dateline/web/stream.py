"""GET /{slug}/live — the Server-Sent Events stream of a blog's changes.

Each event's `id` is its sequence number. A browser that loses the connection
reconnects by itself with `Last-Event-ID`, and gets every change it missed,
then live ones: nothing lost, nothing twice. A page's first connection passes
the sequence number it was rendered at as `?after=`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from starlette.types import Receive, Scope, Send

from ..domain.errors import NotFound
from ..live import sse
from . import grip_stream
from .http import header
from .params import MAX_ID

if TYPE_CHECKING:
    from ..live.hub import Channel
    from .app import Dateline

# Browsers reconnect after this many milliseconds when the stream drops.
RECONNECT_MS = 2000
_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache, no-transform"),
    (b"x-accel-buffering", b"no"),  # tell nginx-style proxies not to hold frames back
]


def _resume_point(scope: Scope) -> int | None:
    raw = header(scope, b"last-event-id").decode("latin-1").strip()
    if not raw:
        raw = parse_qs(scope["query_string"].decode("latin-1")).get("after", [""])[-1]
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 19) or int(raw) > MAX_ID:
        raise ValueError(raw)  # sequence numbers fit 64 bits; anything else was never sent
    return int(raw)


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"cache-control", b"no-store")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def live(app: Dateline, slug: str, scope: Scope, receive: Receive, send: Send) -> None:
    try:
        channel = await app.hub.channel(slug)
    except NotFound:
        await _plain(send, 404, f"No live blog {slug!r}.")
        return
    if channel.blog.status == "draft":
        await _plain(send, 404, f"No live blog {slug!r}.")
        return
    try:
        after = _resume_point(scope)
    except ValueError:
        await _plain(send, 400, "Last-Event-ID (or ?after=) must be a sequence number.")
        return
    if after is None:
        after = channel.last_seq  # a new reader: from now on
    ended = channel.blog.status == "ended"
    if ended and after >= channel.last_seq:
        # 204 tells EventSource to stop reconnecting: this blog will say nothing more.
        headers = [*_HEADERS[1:], *app.common_headers]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    if app.settings.fanout == "grip":
        # A proxy holds the stream (grip_stream.py): every request comes from it, and it
        # caps its own readers, so this node's per-address caps do not apply.
        headers = [*_HEADERS, *app.common_headers]
        await grip_stream.hold(app, channel, after, scope, send, headers, sse.retry(RECONNECT_MS))
        return
    client = app.admission.client_of(scope)
    if not app.admission.admit(client):
        # Too many streams: the page's script falls back to polling (cacheable, cheap).
        await _busy(app, send)
        return
    try:
        await _stream(app, channel, after, receive, send)
    finally:
        app.admission.leave(client)


async def _busy(app: Dateline, send: Send) -> None:
    retry = str(app.admission.retry_after).encode()
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"cache-control", b"no-store"),
        (b"retry-after", retry),
        *app.common_headers,
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": b"Too many live readers; poll instead."})


async def _stream(
    app: Dateline, channel: Channel, after: int, receive: Receive, send: Send
) -> None:
    headers = [*_HEADERS, *app.common_headers]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": sse.retry(RECONNECT_MS), "more_body": True})
    state, reader = await app.hub.attach(channel, send, after)
    try:
        if state == "reload":
            note = json.dumps({"reason": "This page is too far behind to catch up; reload it."})
            body = sse.event(note, name="reload")
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return
        if state == "hidden" or (state == "live" and channel.blog.status == "ended"):
            app.hub.detach(channel, reader)
            await send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        # Nothing to do but notice when the reader leaves; the hub does the writing.
        while (await receive())["type"] != "http.disconnect":
            pass
    finally:
        app.hub.detach(channel, reader)
