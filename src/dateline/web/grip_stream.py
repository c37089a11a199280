"""GET /{slug}/live behind a GRIP proxy (DATELINE_FANOUT=grip).

Dateline answers with the frames the reader missed since its Last-Event-ID (or,
when the proxy recovers a gap, since `Grip-Last`), read from the store, and
tells the proxy to hold the stream on the blog's channel from the last sequence
number covered. The proxy then writes what the nodes publish (live/grip.py).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from starlette.types import Scope, Send

from ..live import grip, sse
from ..live.hub import Channel
from ..live.payload import change_frame
from ..store.changelog import backlog
from .http import header

if TYPE_CHECKING:
    from .app import Dateline


async def hold(
    app: Dateline,
    channel: Channel,
    after: int,
    scope: Scope,
    send: Send,
    headers: list[tuple[bytes, bytes]],
    opening: bytes,
) -> None:
    recovering = grip.last_id(header(scope, b"grip-last").decode("latin-1"))
    if recovering is not None:
        after, opening = recovering, b""  # the proxy's own request: the reader has the rest
    blog = channel.blog
    body = [opening]
    position = after
    while True:
        missed = await app.database.read(backlog, blog.id, position)
        if app.hub.too_far_behind(position, missed):
            note = json.dumps({"reason": "This page is too far behind to catch up; reload it."})
            body.append(sse.event(note, name="reload"))
            await _answer(send, headers, body)
            return
        body.extend(change_frame(c, blog, app.renderer) for c in missed.changes)
        if missed.complete:
            position = missed.last_seq
            break
        position = missed.changes[-1].seq
    if blog.status == "ended":
        await _answer(send, headers, body)  # nothing more will come: no hold
        return
    link = app.urls.live(blog.slug)
    await _answer(
        send,
        [*headers, *grip.hold_headers(blog.id, position, link, app.settings.heartbeat_seconds)],
        body,
    )


async def _answer(send: Send, headers: list[tuple[bytes, bytes]], body: list[bytes]) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"".join(body)})
