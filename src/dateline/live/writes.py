"""Writing to a reader's connection without ever waiting for it.

The hub writes each frame to thousands of readers in one loop. Awaiting a
reader's `send` would let one slow phone stall everyone behind it, and a task
per reader would cost a wake-up per reader per frame. Instead the hub steps the
`send` coroutine once by hand: servers such as uvicorn write at once when the
connection's buffer has room and only suspend (to wait for the buffer to
drain) when it is full. A `send` that completes in that first step has written
the frame; one that would suspend belongs to a reader who cannot keep up: it
is closed unrun and the reader dropped, to resume later by Last-Event-ID.

This is the portable path, for any ASGI server. Under uvicorn the hub writes
live frames straight to the connection instead (`direct.py`), with the same
rule for readers that cannot keep up; responses still start and end here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

Send = Callable[[dict[str, Any]], Awaitable[None]]


def try_send(send: Send, message: dict[str, Any]) -> bool:
    """Write `message` if it can be done now; False if the reader is full or gone."""
    coroutine = send(message)
    try:
        coroutine.send(None)  # type: ignore[attr-defined]
    except StopIteration:
        return True
    except Exception:  # the connection broke under us: same as full
        return False
    coroutine.close()  # type: ignore[attr-defined]
    return False


def hang_up(send: Send, task: asyncio.Task[Any] | None) -> None:
    """End a dropped reader's connection now.

    uvicorn's `send` is a method of the request cycle holding the transport;
    aborting it closes the socket at once (discarding what the reader never
    read), and the server then reports a disconnect to the handler, which
    returns cleanly. Elsewhere, cancelling the handler's task ends it.
    """
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is not None and hasattr(transport, "abort"):
        transport.abort()
    elif task is not None:
        task.cancel()
