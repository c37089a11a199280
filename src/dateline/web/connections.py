"""Connections that cannot be hoarded: uvicorn's HTTP protocol with deadlines and a cap.

uvicorn times out only idle kept-alive connections. A client that opens a
connection and sends half a request head, or a body a byte at a time, holds a
socket (and a file descriptor) for ever: 20,000 of them fill the process's
file limit and nobody else can connect. Here every request head must arrive
within `head_seconds` and its body within `body_seconds` of the head (plus a
grace, so the API's own 408 answer comes first), or the connection is
closed; and one client address holds at most `max_connections_per_client`
connections at once (more are closed as they arrive).

Only the connection is touched, never the application's `send`: the live
stream's path stays as it is (see app.py).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..settings import Settings

SWEEP_SECONDS = 0.5  # how often late requests are looked for: deadlines hold to this


def guarded_protocol(settings: Settings) -> type[asyncio.Protocol]:
    """An HTTP protocol class for uvicorn, with this server's deadlines and cap."""
    open_by_client: Counter[str] = Counter()
    # Connections in the middle of receiving a request, and by when it must have arrived.
    # A dictionary and one sweep a second, rather than a timer per request: this sits
    # on every request's path, the cached page's included.
    waiting: dict[GuardedProtocol, float] = {}
    cap = settings.max_connections_per_client
    head_seconds = settings.head_seconds
    body_seconds = settings.body_seconds + 5

    def sweep(loop: asyncio.AbstractEventLoop) -> None:
        now = loop.time()
        late = [protocol for protocol, deadline in waiting.items() if deadline <= now]
        for protocol in late:
            del waiting[protocol]
            if not protocol.transport.is_closing():
                protocol.transport.abort()
        loop.call_later(SWEEP_SECONDS, sweep, loop)

    class GuardedProtocol(HttpToolsProtocol):
        _peer = ""

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            if id(self.loop) not in sweeping:  # one sweep per event loop, from the start
                sweeping[id(self.loop)] = self.loop.call_soon(sweep, self.loop)
            self._peer = self.client[0] if self.client else ""
            open_by_client[self._peer] += 1
            if cap and open_by_client[self._peer] > cap:
                transport.abort()
                return
            waiting[self] = self.loop.time() + head_seconds

        def connection_lost(self, exc: Exception | None) -> None:
            waiting.pop(self, None)
            open_by_client[self._peer] -= 1
            if open_by_client[self._peer] <= 0:
                del open_by_client[self._peer]
            super().connection_lost(exc)

        def on_message_begin(self) -> None:
            super().on_message_begin()
            waiting[self] = self.loop.time() + head_seconds  # the next request's head

        def on_headers_complete(self) -> None:
            waiting[self] = self.loop.time() + body_seconds
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            waiting.pop(self, None)
            super().on_message_complete()

    sweeping: dict[int, asyncio.Handle] = {}
    return GuardedProtocol


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's options for this server's connections."""
    # No `server: uvicorn` header: it tells an attacker what to aim at, and costs a header.
    return {"http": guarded_protocol(settings), "timeout_keep_alive": 5, "server_header": False}
