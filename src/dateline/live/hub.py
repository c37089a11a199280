"""The hub: one per node. It takes each committed Change once, renders and encodes
it once, and writes the same bytes to every reader of that blog.

There is no queue or task per reader on this path: one loop over a blog's
readers writes one pre-encoded frame to each, straight to its socket where the
server allows it (`direct.py`), else through its ASGI `send` (`writes.py`).
Frames of changes that arrive together (in one turn of the event loop) go out
in one write per reader. A reader that cannot keep up is dropped and resumes by
Last-Event-ID, so no reader ever delays another. Sequence numbers make delivery
exact: a change arriving out of order or after a gap makes the hub read the
missing ones from the store, so a lost notification never loses an update.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..domain.blog import Blog
from ..domain.changes import Change
from ..domain.errors import NotFound
from ..domain.post import Post
from ..domain.visibility import may_see_blog, may_see_change
from ..render.renderer import Renderer
from ..settings import Settings
from ..store.changelog import Backlog, backlog, changes_after
from ..store.database import Database
from ..store.queries import blog_sequences, get_blog, get_blog_by_id, list_blogs
from . import direct, sse
from .catch_up import STEP_BYTES, CatchUp, frames_between
from .payload import change_frame
from .pressure import LoopLag
from .unknown import UnknownSlugs
from .writes import Send, hang_up, try_send

log = logging.getLogger(__name__)
# Heartbeats go to every reader whatever it has seen: a sequence above all others.
_ALWAYS = 1 << 62
FILL_BATCH = 1000
# Frames are joined into one write per reader up to this many bytes: a gap fill of
# hundreds of changes must not put megabytes into every reader's socket buffer at once
# (readers that cannot take it are dropped at the next write, as for single frames).
BATCH_BYTES = 32 * 1024
# Heartbeats go out in slices of this many readers, the loop free between them: writing
# to 10,000 sockets takes tens of milliseconds, and a publish must not wait behind it.
HEARTBEAT_SLICE = 1000


class Reader:
    """One open stream. `after`: the last sequence number this reader already has.

    `direct`: its connection, when the hub may write to it past ASGI (`direct.py`).
    """

    __slots__ = ("after", "direct", "send", "task")

    def __init__(self, send: Send, after: int) -> None:
        self.send = send
        self.after = after
        self.task = asyncio.current_task()
        self.direct: direct.Direct | None = None


@dataclass(eq=False)
class Channel:
    """A blog as this node's readers see it."""

    blog: Blog
    last_seq: int  # the last change applied here
    recent_size: int
    readers: set[Reader] = field(default_factory=set)
    # The most recent public frames; every public change after `floor` is in here.
    recent: deque[tuple[int, Change, bytes]] = field(default_factory=deque)
    floor: int = 0
    pending: dict[int, Change] = field(default_factory=dict)
    filling: asyncio.Task[None] | None = None
    # Frames applied in this turn of the event loop, not yet written to readers,
    # and their changes (for the `fanned_out` hooks, told once they are written).
    outbox: list[tuple[int, bytes]] = field(default_factory=list)
    outbox_bytes: int = 0
    outbox_changes: list[Change] = field(default_factory=list)
    heard: int = 0  # the highest sequence another node announced
    written_at: float = 0.0  # when readers were last written to (perf_counter): frame or heartbeat

    def remember(self, change: Change, frame: bytes) -> None:
        self.recent.append((change.seq, change, frame))
        if len(self.recent) > self.recent_size:
            self.floor = self.recent.popleft()[0]

    def earlier_frames_of(self, post_id: int) -> list[int]:
        """Where in memory the frames of earlier changes to one update are."""
        return [
            i
            for i, (_, c, _) in enumerate(self.recent)
            if c.post is not None and c.post.id == post_id
        ]

    def frames_after(self, after: int) -> bytes | None:
        """The frames after `after`, joined, if they are all still in memory."""
        if after < self.floor:
            return None
        return b"".join(frame for seq, _, frame in self.recent if seq > after)


Attached = Literal["live", "reload", "dropped", "hidden"]


class Hub:
    def __init__(
        self,
        database: Database,
        renderer: Renderer,
        settings: Settings,
        *,
        recent_frames: int = 512,
    ) -> None:
        self.database = database
        self.renderer = renderer
        self.recent_frames = recent_frames
        self.heartbeat_seconds = settings.heartbeat_seconds
        self.sweep_seconds = settings.sweep_seconds
        self.catch_up_limit = settings.catch_up_limit
        self.direct_writes = settings.direct_writes
        self._by_slug: dict[str, Channel] = {}
        self._by_id: dict[int, Channel] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self.dropped = 0  # readers dropped for not keeping up, since start
        self.pressure = LoopLag()
        self.catch_up = CatchUp(database, renderer)
        self.catching_up = 0  # readers being brought up to date (readers too)
        self.unknown = UnknownSlugs()
        # Called after each change is fanned out (metrics, GRIP publishing): the
        # channel, the change, its frame and the seconds the fan-out took.
        self.fanned_out: list[Callable[[Channel, Change, bytes, float], None]] = []
        # Edge fan-out: follow every blog this node writes to, readers or not.
        self.follow_all = False
        self._adopting: dict[int, list[Change]] = {}

    # -- lifecycle -------------------------------------------------------------

    async def count_blogs(self) -> None:
        """Learn how many blogs the store holds, before any request: the sweep forgets
        unknown slugs when that number changes, and must not take its first reading
        for a change (and forget the slugs asked for meanwhile)."""
        self.unknown.blog_count = len(await self.database.read(blog_sequences))

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._every(self.heartbeat_seconds / 4, self._heartbeat)),
            asyncio.create_task(self._every(self.sweep_seconds, self._sweep)),
            asyncio.create_task(self.pressure.run()),
        ]

    async def stop(self) -> None:
        """End every stream cleanly (readers reconnect elsewhere or after restart)."""
        for task in self._tasks:
            task.cancel()
        for channel in self._by_id.values():
            if channel.filling:
                channel.filling.cancel()
            self._flush(channel)
            self._finish_all(channel)
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @property
    def reader_count(self) -> int:
        return self.catching_up + sum(len(c.readers) for c in self._by_id.values())

    def readers_by_blog(self) -> dict[str, int]:
        return {c.blog.slug: len(c.readers) for c in self._by_id.values()}

    # -- channels --------------------------------------------------------------

    def loaded(self, slug: str) -> Channel | None:
        """The blog's channel if this node has loaded it, else None (never waits)."""
        return self._by_slug.get(slug)

    async def channel(self, slug: str) -> Channel:
        """The channel for a blog, loading it on first use (NotFound if no such blog)."""
        channel = self._by_slug.get(slug)
        if channel is not None:
            return channel
        if slug in self.unknown:
            raise NotFound("blog", slug)
        try:
            blog = await self.database.read(get_blog, slug)
        except NotFound:
            self.unknown.add(slug)
            raise
        channel = self._by_slug.get(slug)  # another request may have loaded it meanwhile
        if channel is None:
            channel = Channel(blog, blog.last_seq, self.recent_frames, floor=blog.last_seq)
            self._by_slug[slug] = channel
            self._by_id[blog.id] = channel
        return channel

    async def follow_every_blog(self) -> None:
        """Load every blog's channel now (edge fan-out: this node publishes its own
        changes to the proxy, so it follows every blog, readers here or not)."""
        for blog in await self.database.read(list_blogs, include_drafts=True):
            if blog.id not in self._by_id:
                channel = Channel(blog, blog.last_seq, self.recent_frames, floor=blog.last_seq)
                self._by_slug[blog.slug] = channel
                self._by_id[blog.id] = channel

    # -- changes in --------------------------------------------------------------

    def receive(self, changes: Iterable[Change]) -> None:
        """Apply committed changes (from the broadcast, on the event loop)."""
        for change in changes:
            channel = self._by_id.get(change.blog_id)
            if channel is not None:
                self._accept(channel, change)
            elif self.follow_all:
                self._adopt(change.blog_id, change)
            elif change.blog is not None:
                self.unknown.forget_all()  # a blog this node did not know: perhaps a new one

    def _adopt(self, blog_id: int, change: Change | None) -> None:
        """Start following a blog, from just before this node's own `change` if any
        (edge fan-out: this node publishes what it commits, whoever reads it)."""
        loading = blog_id in self._adopting
        pending = self._adopting.setdefault(blog_id, [])
        if change is not None:
            pending.append(change)
        if not loading:
            task = asyncio.get_running_loop().create_task(self._load_by_id(blog_id))
            self._tasks.append(task)

    async def _load_by_id(self, blog_id: int) -> None:
        try:
            blog = await self.database.read(get_blog_by_id, blog_id)
        except Exception:
            log.exception("could not load blog %s to follow it", blog_id)
            self._adopting.pop(blog_id, None)
            return
        changes = self._adopting.pop(blog_id, [])
        channel = self._by_id.get(blog_id)
        if channel is None:
            start = min([blog.last_seq, *(c.seq - 1 for c in changes)])
            channel = Channel(blog, start, self.recent_frames, floor=start)
            self._by_slug[blog.slug] = channel
            self._by_id[blog.id] = channel
        for change in sorted(changes, key=lambda c: c.seq):
            self._accept(channel, change)

    def notice(self, blog_id: int, seq: int) -> None:
        """Another node committed `seq`: read what this node lacks from the store, once."""
        channel = self._by_id.get(blog_id)
        if channel is not None and seq > channel.last_seq:
            channel.heard = max(channel.heard, seq)
            self._fill(channel)
        elif channel is None and self.follow_all:
            self._adopt(blog_id, None)

    def channels(self) -> list[Channel]:
        return list(self._by_id.values())

    async def last_frame(self, channel: Channel) -> bytes:
        """The frame of the blog's last applied change (b"" if readers do not see it),
        from memory, or from the store when this node has not rendered it."""
        seq = channel.last_seq
        if channel.recent and channel.recent[-1][0] == seq:
            return channel.recent[-1][2]
        found = await self.database.read(
            changes_after, channel.blog.id, seq - 1, limit=1, public_only=False, as_now=True
        )
        if not found or found[0].seq != seq or not found[0].public:
            return b""
        return change_frame(found[0], channel.blog, self.renderer)

    def resync(self) -> None:
        """Notices may have been lost (the broker restarted): check every blog now."""
        for channel in self._by_id.values():
            self._fill(channel)

    def _accept(self, channel: Channel, change: Change) -> None:
        if change.seq <= channel.last_seq:
            return  # seen already (a notification and a fill can overlap)
        if change.seq > channel.last_seq + 1:
            channel.pending[change.seq] = change
            self._fill(channel)
            return
        self._apply(channel, change)
        while channel.last_seq + 1 in channel.pending:
            self._apply(channel, channel.pending.pop(channel.last_seq + 1))

    def _apply(self, channel: Channel, change: Change) -> None:
        channel.last_seq = change.seq
        if change.blog is not None:
            channel.blog = change.blog
        if not may_see_blog(channel.blog, None):
            # Back to draft: every open stream ends and nothing more is sent. Memory keeps
            # no frames meanwhile, so readers who return later catch up from the store.
            self._tell_unseen(channel, change)  # what was queued goes out first
            self._finish_all(channel)
            channel.recent.clear()
            channel.floor = change.seq
            return
        if not may_see_change(change, channel.blog, None):
            self._tell_unseen(channel, change)
            return
        frame = change_frame(change, channel.blog, self.renderer)
        if change.post is not None:
            self._retell(channel, change.post)
        channel.remember(change, frame)
        if not channel.outbox:
            asyncio.get_running_loop().call_soon(self._flush, channel)
        channel.outbox.append((change.seq, frame))
        channel.outbox_changes.append(change)
        channel.outbox_bytes += len(frame)
        if change.action == "end" or channel.outbox_bytes >= BATCH_BYTES:
            self._flush(channel)
        if change.action == "end":
            self._finish_all(channel)

    def _retell(self, channel: Channel, post: Post) -> None:
        """Frames kept for resuming readers show each update as it is now, never as it was:
        wording an editor replaced, or an update since deleted, is not sent again."""
        for i in channel.earlier_frames_of(post.id):
            seq, old, _ = channel.recent[i]
            now = replace(old, post=post)
            channel.recent[i] = (seq, now, change_frame(now, channel.blog, self.renderer))

    def _fill(self, channel: Channel) -> None:
        if channel.filling is None or channel.filling.done():
            channel.filling = asyncio.create_task(self._fill_gap(channel))

    async def _fill_gap(self, channel: Channel) -> None:
        """Read the changes this node missed from the store and apply them in order."""
        patience = 50
        try:
            while True:
                missing = await self.database.read(
                    changes_after, channel.blog.id, channel.last_seq,
                    limit=FILL_BATCH, public_only=False,
                )  # fmt: skip
                for change in missing:
                    self._accept(channel, change)
                if len(missing) == FILL_BATCH:
                    continue
                # A notice that came while this read ran is not lost: read again.
                if channel.last_seq >= channel.heard or patience == 0:
                    break
                patience -= 1
                await asyncio.sleep(0.02)
            channel.pending = {s: c for s, c in channel.pending.items() if s > channel.last_seq}
        except Exception:
            log.exception("could not read missed changes for blog %s", channel.blog.slug)

    # -- fan-out -----------------------------------------------------------------

    def _tell_unseen(self, channel: Channel, change: Change) -> None:
        """A change readers do not see: the hooks still hear of it, after every frame
        before it (the edge accounts for every sequence number, in order)."""
        if channel.outbox:
            self._flush(channel)
        for hook in self.fanned_out:
            hook(channel, change, b"", 0.0)  # nothing for readers: an empty frame

    def _flush(self, channel: Channel) -> None:
        """Write the frames applied since the last flush, joined, to every reader."""
        outbox, channel.outbox, channel.outbox_bytes = channel.outbox, [], 0
        changes, channel.outbox_changes = channel.outbox_changes, []
        started = channel.written_at = time.perf_counter()
        if len(outbox) == 1:
            self._write_all(channel, outbox[0][1], outbox[0][0])
        elif outbox:
            self._write_all(channel, b"".join(f for _, f in outbox), outbox[0][0], outbox)
        elapsed = time.perf_counter() - started
        for change, (_, frame) in zip(changes, outbox, strict=False):
            for hook in self.fanned_out:
                hook(channel, change, frame, elapsed)

    def _write_all(
        self,
        channel: Channel,
        data: bytes,
        first: int,
        frames: list[tuple[int, bytes]] | None = None,
        readers: Iterable[Reader] | None = None,
    ) -> None:
        """The hot loop: the same bytes to every reader that has not seen `first` yet.

        `data` holds the frames from sequence number `first` on (`frames`, when
        more than one); a reader that already has some of them (it joined
        in between) gets only the rest. `readers`: some of the channel's, not all.
        """
        chunk = direct.chunk(data)
        message = {"type": "http.response.body", "body": data, "more_body": True}
        behind: list[Reader] = []
        for reader in channel.readers if readers is None else readers:
            if reader.after >= first:
                if frames is None:
                    continue
                rest = b"".join(f for seq, f in frames if seq > reader.after)
                if not rest:
                    continue
                if not self._write_one(reader, direct.chunk(rest), rest):
                    behind.append(reader)
                continue
            connection = reader.direct
            if connection is None:
                if not try_send(reader.send, message):
                    behind.append(reader)
            elif connection.flow.write_paused:  # above the high-water mark: cannot keep up
                behind.append(reader)
            else:
                try:
                    connection.write(chunk)
                except RuntimeError:  # closed under us (uvloop raises; asyncio ignores it)
                    behind.append(reader)
        for reader in behind:
            self._drop(channel, reader)

    @staticmethod
    def _write_one(reader: Reader, chunk: bytes, data: bytes) -> bool:
        connection = reader.direct
        if connection is None:
            message = {"type": "http.response.body", "body": data, "more_body": True}
            return try_send(reader.send, message)
        if connection.full():
            return False
        try:
            connection.write(chunk)
        except RuntimeError:
            return False
        return True

    def _drop(self, channel: Channel, reader: Reader) -> None:
        channel.readers.discard(reader)
        self.dropped += 1
        if reader.direct is not None:
            reader.direct.transport.abort()  # the handler then sees a disconnect
        else:
            hang_up(reader.send, reader.task)

    def _finish_all(self, channel: Channel) -> None:
        """Complete every reader's response (coverage ended, or shutting down)."""
        message = {"type": "http.response.body", "body": b"", "more_body": False}
        readers, channel.readers = channel.readers, set()
        for reader in readers:
            if not try_send(reader.send, message):
                hang_up(reader.send, reader.task)

    async def _heartbeat(self) -> None:
        """A comment to the readers of every channel quiet for three quarters of the
        heartbeat interval. This runs four times an interval, so no reader waits longer
        than the interval for a byte, and a busy blog's readers, who have frames, get
        none: the heartbeat's writes never stand between a publish and its fan-out."""
        for channel in list(self._by_id.values()):
            now = time.perf_counter()
            if not channel.readers or now - channel.written_at < self.heartbeat_seconds * 0.75:
                continue
            channel.written_at = now
            readers = list(channel.readers)
            for start in range(0, len(readers), HEARTBEAT_SLICE):
                still = [
                    r for r in readers[start : start + HEARTBEAT_SLICE] if r in channel.readers
                ]
                self._write_all(channel, sse.HEARTBEAT, _ALWAYS, readers=still)
                await asyncio.sleep(0)  # a publish waiting for the loop goes first

    async def _sweep(self) -> None:
        """Catch changes this node was not told about (other processes, lost notices)."""
        if not self._by_id and not self.unknown:
            return
        sequences = await self.database.read(blog_sequences)
        if len(sequences) != self.unknown.blog_count:
            self.unknown.forget_all()  # blogs created (or removed) by another process
            self.unknown.blog_count = len(sequences)
        for blog_id, channel in list(self._by_id.items()):
            if sequences.get(blog_id, 0) > channel.last_seq:
                self._fill(channel)

    async def _every(self, seconds: float, job: Any) -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                await job()
            except Exception:
                log.exception("hub job %s failed", job.__name__)

    # -- readers -----------------------------------------------------------------

    async def attach(self, channel: Channel, send: Send, after: int) -> tuple[Attached, Reader]:
        """Bring a reader up to date from `after`, then add it to the live readers.

        Older changes come from the store and recent ones from memory, a bounded
        step at a time (see catch_up.py); a reader that does not take a step is
        dropped. The last step (memory flush and joining the readers) runs
        without awaiting, so no change can slip in between.
        """
        reader = Reader(send, after)
        if after > channel.last_seq:
            known = await self.database.read(backlog, channel.blog.id, after, limit=1)
            if after > known.last_seq:
                return "reload", reader  # the reader saw a future this store never had
        self.catching_up += 1
        try:
            return await self._catch_up(channel, reader), reader
        finally:
            self.catching_up -= 1

    async def _catch_up(self, channel: Channel, reader: Reader) -> Attached:
        while True:
            if not may_see_blog(channel.blog, None):
                return "hidden"
            if reader.after >= channel.floor:
                recent = ((seq, frame) for seq, _, frame in channel.recent)
                frames, reaches = frames_between(recent, reader.after, STEP_BYTES)
                if reaches >= channel.last_seq or reaches == reader.after:
                    body = {"type": "http.response.body", "body": frames, "more_body": True}
                    if frames and not try_send(reader.send, body):
                        self._hang_up_early(reader)
                        return "dropped"
                    reader.after = max(reader.after, channel.last_seq)
                    reader.direct = direct.connect(reader.send) if self.direct_writes else None
                    channel.readers.add(reader)
                    return "live"
            else:
                step = await self.catch_up.step(channel.blog, reader.after, channel.last_seq)
                if self.too_far_behind(reader.after, step.missed):
                    return "reload"
                frames, reaches = step.frames, step.reaches
            if not may_see_blog(channel.blog, None):
                return "hidden"
            if not await self.catch_up.write(reader.send, frames):
                self._hang_up_early(reader)
                return "dropped"
            reader.after = reaches

    def _hang_up_early(self, reader: Reader) -> None:
        self.dropped += 1
        hang_up(reader.send, reader.task)

    def too_far_behind(self, after: int, missed: Backlog) -> bool:
        """Older than the log keeps, or more to catch up on than reloading the page costs."""
        return after < missed.oldest_seq - 1 or missed.last_seq - after > self.catch_up_limit

    def detach(self, channel: Channel, reader: Reader) -> None:
        channel.readers.discard(reader)
