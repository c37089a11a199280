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

The quick path. A cached blog page costs a few microseconds to choose, but the
ASGI cycle around it (a task, a scope, a send per message, each header checked)
costs far more, and in a traffic spike that is every request. So the protocol
asks the app (`answer`) as soon as a request's head has arrived: when it has a
ready answer (see `Dateline.quick_answer`), its bytes go straight to the socket
with the same headers the ordinary path would send; otherwise, or whenever the
connection is not in the plain state (a response still going out, pipelined
requests queued, a request body, an upgrade, a full send buffer), the request
goes through uvicorn as usual. This leans on uvicorn's internals (`cycle`,
`pipeline`, `flow`, `server_state`, `on_response_complete`): `quick_path_fits`
checks them when the server starts, and without them the quick path is off.
tests/web/test_quick_path.py fails if uvicorn changes underneath it.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import Counter
from collections.abc import Callable
from typing import Any

from uvicorn.protocols.http.flow_control import FlowControl
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

from ..settings import Settings
from .http import header_lines

log = logging.getLogger(__name__)

# status, the response's header lines (each ending CRLF), and the body
QuickAnswer = tuple[int, bytes, bytes]
Answerer = Callable[[bytes, bytes, list[tuple[bytes, bytes]]], QuickAnswer | None]
STATUS_LINES = {200: b"HTTP/1.1 200 OK\r\n", 304: b"HTTP/1.1 304 Not Modified\r\n"}
_BODY_HEADERS = (b"content-length", b"transfer-encoding")

SWEEP_SECONDS = 0.5  # how often late requests are looked for: deadlines hold to this


def quick_path_fits() -> bool:
    """Does uvicorn still have what the quick path uses? (Checked, not assumed: an upgrade
    that renames these turns the quick path off rather than breaking every page.)"""
    try:
        protocol = inspect.getsource(HttpToolsProtocol)
        cycle = inspect.getsource(RequestResponseCycle)
        flow = inspect.getsource(FlowControl)
    except (OSError, TypeError):  # installed without its sources: nothing can be checked
        return False
    return (
        all(f"self.{name}" in protocol for name in ("cycle", "pipeline", "flow", "url", "headers"))
        and "self.server_state.default_headers" in protocol
        and "def on_response_complete(self)" in protocol
        and "self.response_complete" in cycle
        and "self.write_paused" in flow
    )


def guarded_protocol(settings: Settings, answer: Answerer | None = None) -> type[asyncio.Protocol]:
    """An HTTP protocol class for uvicorn, with this server's deadlines and cap, and the
    quick path for `answer`'s ready answers."""
    if answer is not None and not quick_path_fits():
        log.warning("uvicorn has changed: the quick path for cached pages is off")
        answer = None
    open_by_client: Counter[str] = Counter()
    # Connections in the middle of receiving a request, and by when it must have arrived.
    # A dictionary and one sweep a second, rather than a timer per request: this sits
    # on every request's path, the cached page's included.
    waiting: dict[GuardedProtocol, float] = {}
    cap = settings.max_connections_per_client
    quick_answers = [0]  # how many requests the quick path answered (tests look)
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

    # The date header's line, made again only when uvicorn's once-a-second tick changes it.
    # Holding the list itself, not its id: a list uvicorn has dropped cannot come back at
    # the same address while this one is kept.
    made_for: list[tuple[list[tuple[bytes, bytes]], bytes]] = [([], b"")]

    def default_lines(defaults: list[tuple[bytes, bytes]]) -> bytes:
        made = made_for[0]
        if made[0] is not defaults:
            made = made_for[0] = (defaults, header_lines(defaults))
        return made[1]

    class GuardedProtocol(HttpToolsProtocol):
        _peer = ""
        _answered = False

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
            if answer is not None and self._answer_at_once(answer):
                return
            super().on_headers_complete()

        def on_message_complete(self) -> None:
            waiting.pop(self, None)
            if self._answered:
                self._answered = False  # nothing more to do: the answer has gone
                return
            super().on_message_complete()

        def _answer_at_once(self, answer: Answerer) -> bool:
            if self.pipeline or (self.cycle is not None and not self.cycle.response_complete):
                return False  # answers go out in order: this one waits its turn
            if self.flow.write_paused or self.parser.should_upgrade():
                return False
            headers = self.headers
            if any(name in _BODY_HEADERS for name, _ in headers):
                return False  # a body to read: the ordinary path reads it
            found = answer(self.parser.get_method(), self.url, headers)
            if found is None:
                return False
            status, lines, body = found
            keep_alive = self.parser.get_http_version() == "1.1" and self.parser.should_keep_alive()
            head = [STATUS_LINES[status], default_lines(self.server_state.default_headers), lines]
            if not keep_alive:
                head.append(b"connection: close\r\n")
            head.append(b"\r\n")
            self.transport.writelines([b"".join(head), body] if body else [b"".join(head)])
            self._answered = True
            quick_answers[0] += 1
            if not keep_alive:
                self.transport.close()
            self.on_response_complete()  # keep-alive timer, counts, reading resumed
            return True

    sweeping: dict[int, asyncio.Handle] = {}
    GuardedProtocol.quick_answers = quick_answers  # type: ignore[attr-defined]
    return GuardedProtocol


def server_options(settings: Settings, answer: Answerer | None = None) -> dict[str, Any]:
    """uvicorn's options for this server's connections."""
    # No `server: uvicorn` header: it tells an attacker what to aim at, and costs a header.
    protocol = guarded_protocol(settings, answer if settings.quick_path else None)
    return {"http": protocol, "timeout_keep_alive": 5, "server_header": False}
