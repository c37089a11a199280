"""The one place the hub reaches past ASGI: writing a frame straight to a reader's socket.

Stepping each reader's ASGI `send` costs a coroutine, a message dict and a
copy of the frame into an HTTP chunk, per reader, per frame. For a response
that uvicorn is already sending chunked, the bytes it would write are known in
advance: `<size in hex>\\r\\n<frame>\\r\\n`. So the hub builds that chunk once
per frame and hands it to every reader's transport.

This depends on uvicorn's internals (its request cycle's `transport`, `flow`
and chunking state), so it is confined to this module and checked per reader:
`connect` returns None, and the reader stays on the portable `send` path
(`writes.py`), unless the `send` it was given is the bound method of a uvicorn
request cycle (httptools or h11) that is mid-way through a chunked response.
`tests/live/test_direct.py` fails when uvicorn changes underneath this.

What the portable path guarantees holds here too: a write never waits, and a
reader whose connection has paused writing (its buffer is above the server's
high-water mark) is reported full, to be dropped and resume by Last-Event-ID.
The response is still ended through `send`, so uvicorn's own state stays right.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol

from .writes import Send


class _Flow(Protocol):
    write_paused: bool


class Direct:
    """A reader's connection, written to without going through ASGI."""

    __slots__ = ("flow", "transport", "write")

    def __init__(self, transport: asyncio.WriteTransport, flow: _Flow) -> None:
        self.transport = transport
        self.flow = flow
        self.write: Callable[[bytes], None] = transport.write

    def full(self) -> bool:
        """True when this reader cannot take more now (or is gone)."""
        return self.flow.write_paused or self.transport.is_closing()


def chunk(data: bytes) -> bytes:
    """`data` as one HTTP/1.1 chunk (RFC 9112 §7.1), exactly as uvicorn would frame it."""
    return b"%x\r\n%b\r\n" % (len(data), data)


def _cycle_classes() -> tuple[type[Any], ...]:
    classes: list[type[Any]] = []
    try:
        from uvicorn.protocols.http.httptools_impl import RequestResponseCycle as Httptools

        classes.append(Httptools)
    except ImportError:  # httptools is optional for uvicorn
        pass
    try:
        from uvicorn.protocols.http.h11_impl import RequestResponseCycle as H11

        classes.append(H11)
    except ImportError:
        pass
    return tuple(classes)


_CYCLES = _cycle_classes()


def _is_chunked(cycle: Any) -> bool:
    """Whether uvicorn frames this response's body in chunks (and nothing else)."""
    if cycle.__class__.__module__.endswith("httptools_impl"):
        return getattr(cycle, "chunked_encoding", None) is True
    # h11 keeps the choice in its connection's body writer.
    writer = getattr(getattr(cycle, "conn", None), "_writer", None)
    return type(writer).__name__ == "ChunkedWriter"


def connect(send: Send) -> Direct | None:
    """The connection behind `send` if frames may be written to it directly, else None.

    Call it after the response has started. Anything unexpected (another
    server, a wrapped `send`, a HEAD request, a response not chunked, a
    finished or broken connection) means None: the portable path.
    """
    cycle = getattr(send, "__self__", None)
    if not _CYCLES or not isinstance(cycle, _CYCLES) or getattr(send, "__name__", "") != "send":
        return None
    try:
        transport = cycle.transport
        flow = cycle.flow
        ready = (
            cycle.response_started is True
            and cycle.response_complete is False
            and cycle.disconnected is False
            and cycle.scope.get("method") == "GET"
            and isinstance(flow.write_paused, bool)
            and _is_chunked(cycle)
            and callable(getattr(transport, "write", None))
            and callable(getattr(transport, "is_closing", None))
            and callable(getattr(transport, "abort", None))
            and not transport.is_closing()
        )
    except AttributeError:
        return None
    return Direct(transport, flow) if ready else None
