"""Catching a returning reader up, holding almost nothing for it.

A reader resuming from an old Last-Event-ID (after a restart, every reader)
missed changes that are no longer in the hub's memory. They are read from the
store and sent in small steps: at most `STEP_BYTES` of frames in flight per
reader, and a reader that does not take a step within `seconds` is dropped, to
resume later. The same rule as live fan-out, which drops a reader whose
connection is full: nobody who does not read can make the server hold their
backlog in memory.

Many readers resuming from the same point (a restart, a proxy reconnecting a
crowd) ask for the same steps; each step is read and rendered once, under a
small gate, and kept as bytes for the others.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..domain.blog import Blog
from ..render.renderer import Renderer
from ..store.changelog import Backlog, backlog
from ..store.database import Database
from .payload import change_frame
from .writes import Send

# Changes read and rendered per step, and the most bytes written per step.
STEP_CHANGES = 50
STEP_BYTES = 16 << 10


@dataclass(frozen=True)
class Step:
    """Frames for the changes after `after`, up to `reaches` (`missed`: the log's bounds)."""

    missed: Backlog
    frames: bytes
    reaches: int


class CatchUp:
    def __init__(
        self,
        database: Database,
        renderer: Renderer,
        *,
        seconds: float = 10.0,
        readers_at_once: int = 2,
        cache_bytes: int = 8 << 20,
    ) -> None:
        self.database = database
        self.renderer = renderer
        self.seconds = seconds
        # Reading and rendering is the costly part: a few readers at a time.
        self._gate = asyncio.Semaphore(readers_at_once)
        self._steps: OrderedDict[tuple[int, int, int], Step] = OrderedDict()
        self._cache_bytes = cache_bytes
        self._size = 0

    async def step(self, blog: Blog, after: int, last_seq: int) -> Step:
        """The next step from `after` (the store's, read once per (blog, after, last_seq))."""
        key = (blog.id, after, last_seq)
        async with self._gate:
            found = self._steps.get(key)
            if found is not None:
                self._steps.move_to_end(key)
                return found
            missed = await self.database.read(backlog, blog.id, after, limit=STEP_CHANGES)
            frames = b"".join(change_frame(c, blog, self.renderer) for c in missed.changes)
            reaches = missed.changes[-1].seq if not missed.complete else missed.last_seq
            # Kept as bytes and the log's bounds only: the changes themselves weigh more.
            found = Step(replace(missed, changes=[]), frames, max(after, reaches))
            self._keep(key, found)
            return found

    def _keep(self, key: tuple[int, int, int], step: Step) -> None:
        if len(step.frames) > self._cache_bytes:
            return
        self._steps[key] = step
        self._size += len(step.frames)
        while self._size > self._cache_bytes:
            self._size -= len(self._steps.popitem(last=False)[1].frames)

    async def write(self, send: Send, frames: bytes) -> bool:
        """Write frames a piece at a time; False if the reader stops taking them."""
        for piece in pieces(frames):
            message = {"type": "http.response.body", "body": piece, "more_body": True}
            try:
                async with asyncio.timeout(self.seconds):
                    await send(message)
            except TimeoutError:
                return False
        return True


def pieces(frames: bytes) -> Iterator[bytes]:
    """Frames cut into pieces of STEP_BYTES (the reader's parser joins them again)."""
    for start in range(0, len(frames), STEP_BYTES):
        yield frames[start : start + STEP_BYTES]


def frames_between(
    recent: Iterator[tuple[int, bytes]], after: int, budget: int
) -> tuple[bytes, int]:
    """Frames after `after` from memory, up to about `budget` bytes, and the last seq taken."""
    taken: list[bytes] = []
    size = 0
    last = after
    for seq, frame in recent:
        if seq <= after:
            continue
        if taken and size + len(frame) > budget:
            break
        taken.append(frame)
        size += len(frame)
        last = seq
    return b"".join(taken), last
