"""Work the server does by itself, on a timer: releasing scheduled updates, and
whatever later features add (webhook delivery, ending forgotten coverage …).

Every such job is a `Duty`, registered in one list on the application. One loop
per duty runs it; a failure is logged and retried at the next tick, never fatal.
Where several nodes share one database, a duty must run on one node only: that
rule belongs here (a lease around `run`), so no feature spells it out itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Duty:
    name: str
    every_seconds: float
    run: Callable[[], Awaitable[object]]


class Duties:
    """The application's duties, started and stopped with it."""

    def __init__(self) -> None:
        self._duties: list[Duty] = []
        self._tasks: list[asyncio.Task[None]] = []

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

    @staticmethod
    async def _loop(duty: Duty) -> None:
        while True:
            await asyncio.sleep(duty.every_seconds)
            try:
                await duty.run()
            except Exception:
                log.exception("duty %s failed; it runs again in %ss", duty.name, duty.every_seconds)
