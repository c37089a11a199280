"""How loaded this node is, measured as event-loop lag, to slow polling clients down."""

from __future__ import annotations

import asyncio
import time


class LoopLag:
    """Samples how late the event loop wakes a sleeper; a busy loop wakes it late."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.lag = 0.0  # seconds, smoothed

    async def run(self) -> None:
        while True:
            start = time.perf_counter()
            await asyncio.sleep(self.interval)
            late = max(0.0, time.perf_counter() - start - self.interval)
            self.lag = 0.7 * self.lag + 0.3 * late

    def backoff(self) -> int:
        """How many times the normal poll interval clients should wait now."""
        if self.lag < 0.1:
            return 1
        return 2 if self.lag < 0.5 else 4
