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


def guarded_protocol(settings: Settings) -> type[asyncio.Protocol]:
    """An HTTP protocol class for uvicorn, with this server's deadlines and cap."""
    open_by_client: Counter[str] = Counter()
    cap = settings.max_connections_per_client
    head_seconds = settings.head_seconds
    body_seconds = settings.body_seconds + 5

    class GuardedProtocol(HttpToolsProtocol):
        _deadline: asyncio.TimerHandle | None = None
        _peer = ""

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._peer = self.client[0] if self.client else ""
            open_by_client[self._peer] += 1
            if cap and open_by_client[self._peer] > cap:
                transport.abort()
                return
            self._arm(head_seconds)

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            open_by_client[self._peer] -= 1
            if open_by_client[self._peer] <= 0:
                del open_by_client[self._peer]
            super().connection_lost(exc)

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._arm(head_seconds)  # the next request on a kept-alive connection

        def on_headers_complete(self) -> None:
            self._arm(body_seconds)
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            self._disarm()
            super().on_message_complete()

        def _arm(self, seconds: float) -> None:
            self._disarm()
            self._deadline = self.loop.call_later(seconds, self._too_slow)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _too_slow(self) -> None:
            self._deadline = None
            if not self.transport.is_closing():
                self.transport.abort()

    return GuardedProtocol


def server_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's options for this server's connections."""
    # No `server: uvicorn` header: it tells an attacker what to aim at, and costs a header.
    return {"http": guarded_protocol(settings), "timeout_keep_alive": 5, "server_header": False}
