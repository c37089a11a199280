"""Edge fan-out through GRIP (Pushpin, Fastly Fanout): the proxy holds readers'
streams; Dateline answers each stream request with what the reader missed and
a `Grip-Hold: stream` instruction, and publishes every change once to the
proxy, which writes it to all the readers it holds.

Once: each change is published by the node that committed it, after its hub
has applied it in sequence order (so one node publishes its changes in order).
Every sequence number is published, those readers never see as an SSE comment,
with `id` = seq and `prev-id` = seq - 1: the proxy puts messages from several
nodes back in order and, when one is missing (a node died between commit and
publish), asks the stream's `Grip-Link rel=next` with `Grip-Last`, and Dateline
answers with what was missed from the store. Nothing is lost, nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from ..domain.changes import Change
from .hub import Channel

log = logging.getLogger(__name__)
# What a reader's stream gets for a change it may not see: a comment, ignored by EventSource.
UNSEEN = b":\n\n"
BATCH = 100
RETRY_SECONDS = 10.0  # how long to keep trying one batch while the proxy is away


def grip_channel(blog_id: int) -> str:
    return f"dateline-blog-{blog_id}"


def hold_headers(
    blog_id: int, last_seq: int, next_link: str, keep_alive_seconds: float
) -> list[tuple[bytes, bytes]]:
    """The instruction to hold this stream open on the blog's channel, from `last_seq`,
    with a keep-alive comment whenever it has been quiet for `keep_alive_seconds`."""
    keep_alive = f":\\n\\n; format=cstring; timeout={max(1, round(keep_alive_seconds))}"
    return [
        (b"grip-hold", b"stream"),
        (b"grip-channel", f"{grip_channel(blog_id)}; prev-id={last_seq}".encode()),
        (b"grip-keep-alive", keep_alive.encode()),
        (b"grip-link", f"<{next_link}>; rel=next".encode()),
    ]


def last_id(grip_last: str) -> int | None:
    """The sequence number in a `Grip-Last: channel; last-id=N` recovery request."""
    for part in grip_last.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name == "last-id" and value.strip().isdigit():
            return int(value.strip())
    return None


def item(blog_id: int, seq: int, frame: bytes) -> dict[str, Any]:
    """One GRIP publish item: every sequence number, so the proxy can see any gap."""
    return {
        "channel": grip_channel(blog_id),
        "id": str(seq),
        "prev-id": str(seq - 1),
        "formats": {"http-stream": {"content": (frame or UNSEEN).decode()}},
    }


class GripPublisher:
    """Publishes the changes this node committed, in the order its hub applied them."""

    def __init__(self, publish_url: str, *, observe: Callable[[float], None] | None = None) -> None:
        self.publish_url = publish_url
        self.observe = observe
        self._mine: set[tuple[int, int]] = set()
        self._queue: asyncio.Queue[dict[str, Any]] | None = None
        self._task: asyncio.Task[None] | None = None
        self.published = 0
        self._seen: dict[int, int] = {}  # each blog's last sequence at the previous look
        self._republished: dict[int, int] = {}

    def committed(self, changes: list[Change]) -> None:
        """On the committing thread: remember which changes are this node's to publish."""
        self._mine.update((c.blog_id, c.seq) for c in changes)

    def fanned_out(self, channel: Channel, change: Change, frame: bytes, seconds: float) -> None:
        """The hub's hook, in sequence order per blog."""
        key = (change.blog_id, change.seq)
        if key in self._mine and self._queue is not None:
            self._mine.discard(key)
            self._queue.put_nowait(item(change.blog_id, change.seq, frame))

    async def republish_quiet(
        self, channels: list[Channel], frame_of: Callable[[Channel], Awaitable[bytes]]
    ) -> None:
        """Publish again the last change of every blog that has gone quiet since.

        A node that dies between commit and publish leaves a gap the proxy only
        notices at the blog's next publish; when no next one comes, this closes
        it. The proxy drops an id it has already published (Pushpin remembers
        ids for `id_cache_ttl`), so a reader never gets the change twice.
        """
        for channel in channels:
            blog_id, seq = channel.blog.id, channel.last_seq
            quiet = self._seen.get(blog_id) == seq
            self._seen[blog_id] = seq
            if not quiet or self._republished.get(blog_id, 0) >= seq or self._queue is None:
                continue
            self._republished[blog_id] = seq
            # The last change's frame (b"" when it was one readers do not see).
            self._queue.put_nowait(item(blog_id, seq, await frame_of(channel)))

    async def start(self) -> None:
        self._queue = asyncio.Queue()
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        assert self._queue is not None
        async with httpx.AsyncClient(timeout=5) as client:
            while True:
                batch = [await self._queue.get()]
                while len(batch) < BATCH and not self._queue.empty():
                    batch.append(self._queue.get_nowait())
                await self._publish(client, batch)

    async def _publish(self, client: httpx.AsyncClient, items: list[dict[str, Any]]) -> None:
        """Send one batch, retrying while the proxy is away; then give up on it (the
        proxy's readers recover what they missed through the next link)."""
        deadline = time.monotonic() + RETRY_SECONDS
        pause = 0.05
        while True:
            started = time.perf_counter()
            try:
                response = await client.post(self.publish_url, json={"items": items})
                response.raise_for_status()
            except httpx.HTTPError as error:
                if time.monotonic() > deadline:
                    log.warning("GRIP proxy refused %d changes (%s)", len(items), error)
                    return
                await asyncio.sleep(pause)
                pause = min(pause * 2, 1.0)
                continue
            if self.observe is not None:
                self.observe(time.perf_counter() - started)
            self.published += len(items)
            return
