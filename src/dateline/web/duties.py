"""Work the server does by itself, on a timer: releasing scheduled updates, and
whatever later features add (webhook delivery, ending forgotten coverage …).

Every such job is a `Duty`, registered in one list on the application. One loop
per duty runs it; a failure is logged and retried at the next tick, never fatal.
Where several nodes share one database, a duty runs on one node only: before
each run the loop takes or renews the duty's lease (store/leases.py), and a node
that does not hold it skips the run. A holder that dies stops renewing and
another node takes the duty over once the lease expires. On SQLite the processes
sharing the file are on one machine, and one of them holds a file lock beside it
instead, which the kernel frees the moment that process dies. No feature spells
this out itself: adding a Duty is enough.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..store.database import Database
from ..store.leases import hold_lease, release_lease

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Duty:
    name: str
    every_seconds: float
    run: Callable[[], Awaitable[object]]


class Lease(Protocol):
    async def hold(self, duty: Duty) -> bool:
        """Take or renew the right to run `duty`; False while another node has it."""

    async def release(self, names: set[str]) -> None:
        """Give up what this node holds (a clean shutdown)."""


@dataclass(frozen=True)
class Leases:
    """Leases in the database (several nodes), under this node's name."""

    database: Database
    node: str
    seconds: float  # how long a lease lasts without renewal: the longest hand-over

    def period(self, duty: Duty) -> float:
        # Renewed every tick: a lease must outlast the gap between two ticks.
        return max(self.seconds, 3 * duty.every_seconds)

    async def hold(self, duty: Duty) -> bool:
        return await self.database.write(hold_lease, duty.name, self.node, self.period(duty))

    async def release(self, names: set[str]) -> None:
        for name in names:
            await self.database.write(release_lease, name, self.node)


class FileLease:
    """SQLite: one process of those sharing the file holds an exclusive lock beside it
    and runs every duty; the kernel frees the lock when that process dies, however."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    async def hold(self, duty: Duty) -> bool:
        if self._fd is None:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            self._fd = fd
        return True

    async def release(self, names: set[str]) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file frees the lock
            self._fd = None


def lease_for(database: Database, node: str, seconds: float) -> Lease:
    """The database's leases; on a SQLite file, the lock beside it."""
    path = database.write_engine.url.database
    if database.is_sqlite and path and path != ":memory:":
        return FileLease(Path(f"{path}.duties.lock"))
    return Leases(database, node, seconds)


class Duties:
    """The application's duties, started and stopped with it."""

    def __init__(self, leases: Lease | None = None) -> None:
        self._duties: list[Duty] = []
        self._tasks: list[asyncio.Task[None]] = []
        self.leases = leases  # None: this process is the only one (tests of one duty)
        self.held: set[str] = set()  # the duties this node holds now

    def add(self, duty: Duty) -> None:
        self._duties.append(duty)

    def __iter__(self) -> Iterator[Duty]:
        return iter(self._duties)

    def start(self) -> None:
        self._tasks = [asyncio.create_task(self._loop(duty)) for duty in self._duties]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        if self.leases is not None:
            with contextlib.suppress(Exception):  # it expires by itself anyway
                await self.leases.release(set(self.held))
            self.held.clear()

    async def _holds(self, duty: Duty) -> bool:
        """Take or renew this duty's lease; True if this node is to run it now."""
        if self.leases is None:
            return True
        held = await self.leases.hold(duty)
        if held and duty.name not in self.held:
            log.info("this node now runs the duty %r", duty.name)
        if held:
            self.held.add(duty.name)
        else:
            self.held.discard(duty.name)
        return held

    async def _loop(self, duty: Duty) -> None:
        while True:
            await asyncio.sleep(duty.every_seconds)
            try:
                if await self._holds(duty):
                    await duty.run()
            except Exception:
                log.exception("duty %s failed; it runs again in %ss", duty.name, duty.every_seconds)
