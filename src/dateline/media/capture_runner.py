"""Runs the capture queue in the background: publishing never waits on a third party.

One loop per process: it wakes when an update with a new embed is published (or
every `poll_seconds`), claims due jobs from the store, captures each, and writes
the snapshot into the update (a Change, so open pages update the card). A
failed capture is retried later with growing pauses, then given up: the update
keeps its plain card, and an editor can fill the snapshot by hand.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import timedelta

from ..domain.changes import Change
from ..domain.embeds import needs_capture
from ..domain.snapshots import Snapshot
from ..store import captures
from ..store.captures import CaptureJob
from ..store.database import Database, Tx
from .capture import Capturer

log = logging.getLogger(__name__)
# Pauses after the 1st, 2nd … failure; after the last, the job is given up.
BACKOFF = (
    timedelta(seconds=15),
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
# The store command that writes a snapshot into its update and settles the job.
Apply = Callable[[Tx, CaptureJob, Snapshot], object]


class CaptureRunner:
    def __init__(
        self,
        database: Database,
        capturer: Capturer,
        apply: Apply,
        *,
        poll_seconds: float = 2.0,
        lease: timedelta = timedelta(minutes=2),
        batch: int = 4,
        backoff: tuple[timedelta, ...] = BACKOFF,
    ) -> None:
        self.database = database
        self.capturer = capturer
        self.apply = apply
        self.poll_seconds = poll_seconds
        self.lease = lease
        self.batch = batch
        self.backoff = backoff
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Something was queued: look now rather than at the next poll. Thread-safe."""
        loop = self._task.get_loop() if self._task else None
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake.set)

    def wake_for(self, changes: list[Change]) -> None:
        """A commit listener: wake when a change brought an embed that waits for its snapshot."""
        if any(c.post and any(needs_capture(b) for b in c.post.blocks) for c in changes):
            self.wake()

    async def run_once(self) -> int:
        """Claim due jobs and run them (a batch at a time, together). Returns how many ran."""
        jobs = await self.database.write(captures.claim_due, limit=self.batch, lease=self.lease)
        await asyncio.gather(*(self._run(job) for job in jobs))
        return len(jobs)

    def start(self) -> None:
        self._task = asyncio.create_task(self._forever(), name="dateline-captures")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _forever(self) -> None:
        while True:
            try:
                while await self.run_once() == self.batch:
                    pass  # more may be due: keep going
            except Exception:
                log.exception("the capture queue could not be read")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
            self._wake.clear()

    async def _run(self, job: CaptureJob) -> None:
        attempt = job.attempts + 1
        try:
            snapshot = await self.capturer.capture(job.url, now=self.database.clock())
            await self.database.write(self.apply, job, snapshot)
        except Exception as error:  # a provider's failure or our bug: never the loop's end
            reason = str(error) or type(error).__name__
            if attempt > len(self.backoff):
                log.warning("gave up capturing %s after %d attempts: %s", job.url, attempt, reason)
                await self.database.write(captures.give_up, job.id, reason)
            else:
                log.info("capture of %s failed (attempt %d): %s", job.url, attempt, reason)
                pause = self.backoff[attempt - 1]
                await self.database.write(captures.retry, job.id, reason, after=pause)
