"""How a node learns about changes committed anywhere.

The store calls `publish` after each commit (on the writing thread, in commit
order). Every backend hands this node's own changes straight to its hub on the
event loop (`deliver`); a backend for several nodes also tells the others, with
a notice that carries only the blog and the sequence number (`notice`). A node
that hears of a sequence it has not applied reads the missing changes from the
store once, renders them once and fans them out: the store, not the message
bus, is the source of truth, so a lost notice or a restarted broker costs a
moment, never an update. After reconnecting, a backend asks the hub to check
every blog against the store (`resync`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Protocol

from ..domain.changes import Change

Deliver = Callable[[list[Change]], None]


class Listener(Protocol):
    """What a broadcast tells: the hub of this node."""

    def receive(self, changes: list[Change]) -> None:
        """This node's own changes, as committed."""

    def notice(self, blog_id: int, seq: int) -> None:
        """Another node committed `seq` on a blog."""

    def resync(self) -> None:
        """Notices may have been lost: compare every blog with the store."""


class Broadcast(Protocol):
    async def start(self, listener: Listener) -> None:
        """Begin passing changes from any node to `listener`, on this event loop."""

    def publish(self, changes: list[Change]) -> None:
        """Announce committed changes; called from the thread that committed them."""

    async def reachable(self) -> bool:
        """Whether the broker answers now (for /ready)."""

    async def stop(self) -> None: ...


class MemoryBroadcast:
    """One process: hand changes straight to the hub on its own event loop."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listener: Listener | None = None

    async def start(self, listener: Listener) -> None:
        self._loop = asyncio.get_running_loop()
        self._listener = listener

    def publish(self, changes: list[Change]) -> None:
        if self._loop is None or self._listener is None or self._loop.is_closed():
            return  # not serving (a CLI command): nobody is listening here
        self._loop.call_soon_threadsafe(self._listener.receive, list(changes))

    async def reachable(self) -> bool:
        return True

    async def stop(self) -> None:
        self._loop = None


def notices(changes: list[Change]) -> dict[int, int]:
    """The last sequence number per blog in a committed batch: all a notice needs."""
    last: dict[int, int] = {}
    for change in changes:
        last[change.blog_id] = max(change.seq, last.get(change.blog_id, 0))
    return last


def broadcast_for(url: str, *, channel: str = "dateline") -> Broadcast:
    """The broadcast named by DATELINE_BROADCAST_URL."""
    if url in ("", "memory://", "memory"):
        return MemoryBroadcast()
    if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        from .pg_broadcast import PostgresBroadcast

        return PostgresBroadcast(url, channel=channel)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from .redis_broadcast import RedisBroadcast

        return RedisBroadcast(url, channel=channel)
    raise ValueError(
        f"DATELINE_BROADCAST_URL={url!r}: use memory:// (one process), postgresql://… "
        "(LISTEN/NOTIFY) or redis://… (pub/sub)."
    )
