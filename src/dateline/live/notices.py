"""What the PostgreSQL and Redis broadcasts share: this node's changes go straight
to its own hub; other nodes get a notice "blog:seq" through the broker; a
listening loop reconnects for ever and, after each (re)connection, has the hub
check every blog against the store, since notices sent meanwhile are lost.

Sending a notice happens on the thread that committed. A broker that is down
must not slow writes: after a failure, notices are skipped for a moment (the
other nodes' sweeps find those changes in the store within a second).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable

from ..domain.changes import Change
from .broadcast import Listener, notices

log = logging.getLogger(__name__)
QUIET_AFTER_FAILURE = 1.0  # seconds without trying to notify after the broker failed
MAX_BACKOFF = 2.0


def encode(blog_id: int, seq: int) -> str:
    return f"{blog_id}:{seq}"


def decode(payload: str | bytes) -> tuple[int, int] | None:
    """A notice as (blog, seq); None for anything else found on the channel."""
    if isinstance(payload, bytes):
        payload = payload.decode("ascii", "replace")
    blog, _, seq = payload.partition(":")
    if not (blog.isdigit() and seq.isdigit()):
        return None
    return int(blog), int(seq)


class NoticeBroadcast(ABC):
    """A broadcast over a broker; subclasses say how to send and how to listen."""

    name = "broker"

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listener: Listener | None = None
        self._task: asyncio.Task[None] | None = None
        self._send_lock = threading.Lock()
        self._quiet_until = 0.0
        self.connected = False

    # -- sending (the committing thread) ---------------------------------------

    def publish(self, changes: list[Change]) -> None:
        loop, listener = self._loop, self._listener
        if loop is not None and listener is not None and not loop.is_closed():
            loop.call_soon_threadsafe(listener.receive, list(changes))
        if time.monotonic() < self._quiet_until:
            return
        payloads = [encode(blog, seq) for blog, seq in notices(changes).items()]
        with self._send_lock:
            try:
                self._send(payloads)
            except Exception as error:
                self._quiet_until = time.monotonic() + QUIET_AFTER_FAILURE
                log.warning("could not notify other nodes through %s: %s", self.name, error)
                self._reset_sender()

    @abstractmethod
    def _send(self, payloads: list[str]) -> None: ...

    @abstractmethod
    def _reset_sender(self) -> None: ...

    # -- listening (the event loop) --------------------------------------------

    async def start(self, listener: Listener) -> None:
        self._loop = asyncio.get_running_loop()
        self._listener = listener
        self._task = asyncio.create_task(self._listen_for_ever(listener))

    async def _listen_for_ever(self, listener: Listener) -> None:
        backoff = 0.05
        while True:
            try:
                await self._listen(listener, self._on_connected)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if self.connected:
                    log.warning("lost the %s broadcast (%s); reconnecting", self.name, error)
            self.connected = False
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF)
            if self.connected:
                backoff = 0.05

    def _on_connected(self) -> None:
        """Listening (again): whatever was announced meanwhile is found in the store."""
        if not self.connected:
            log.info("listening for other nodes' changes through %s", self.name)
        self.connected = True
        if self._listener is not None:
            self._listener.resync()

    @abstractmethod
    async def _listen(self, listener: Listener, connected: Callable[[], None]) -> None:
        """Listen until the connection fails, calling `connected` once subscribed."""

    async def reachable(self) -> bool:
        return self.connected

    async def stop(self) -> None:
        self._loop = None
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        with self._send_lock:
            self._reset_sender()

    @staticmethod
    def deliver_notice(listener: Listener, payload: str | bytes) -> None:
        notice = decode(payload)
        if notice is not None:
            listener.notice(*notice)
