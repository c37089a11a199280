"""How a node learns about changes committed anywhere.

The store calls `publish` after each commit (on the writing thread, in commit
order); the broadcast hands the changes to every node's hub on its event loop.
One process needs nothing more than the loop itself. PostgreSQL LISTEN/NOTIFY
and Redis backends, for many nodes, implement the same interface.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Protocol

from ..domain.changes import Change

Deliver = Callable[[list[Change]], None]


class Broadcast(Protocol):
    async def start(self, deliver: Deliver) -> None:
        """Begin passing changes from any node to `deliver`, on this event loop."""

    def publish(self, changes: list[Change]) -> None:
        """Announce committed changes; called from the thread that committed them."""

    async def stop(self) -> None: ...


class MemoryBroadcast:
    """One process: hand changes straight to the hub on its own event loop."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._deliver: Deliver | None = None

    async def start(self, deliver: Deliver) -> None:
        self._loop = asyncio.get_running_loop()
        self._deliver = deliver

    def publish(self, changes: list[Change]) -> None:
        if self._loop is None or self._deliver is None or self._loop.is_closed():
            return  # not serving (a CLI command): nobody is listening here
        self._loop.call_soon_threadsafe(self._deliver, list(changes))

    async def stop(self) -> None:
        self._loop = None


def broadcast_for(url: str) -> Broadcast:
    """The broadcast named by DATELINE_BROADCAST_URL."""
    if url in ("", "memory://", "memory"):
        return MemoryBroadcast()
    raise ValueError(
        f"DATELINE_BROADCAST_URL={url!r}: only memory:// (one process) is available in this "
        "version; PostgreSQL and Redis broadcast come with multi-node support."
    )
