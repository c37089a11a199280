"""The garbage collector and a server's long-lived heap.

A full collection walks every object the collector tracks, and nothing else runs
meanwhile: no reader gets a frame, no publish is answered. Most of a running
server's heap is what starting it built (modules, classes, routes, compiled
templates: about 165,000 objects in the demo), which never becomes garbage;
walking it took 80–100 ms of every full collection here, before any reader's
objects (1,000 readers: 90–140 ms). So once the server has started,
`freeze_startup_heap` moves what it built out of the collector's sight
(`gc.freeze`, as the Python documentation suggests for long-lived state), and the
full collections that remain walk only what came after: requests and readers.

`dateline serve` does both, once per process; tests, which build and drop many
apps in one process, do neither. `PAUSES` is what /metrics reports.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from typing import Any


@dataclass
class Pauses:
    """Full collections since the process started, and the time they stopped it for."""

    count: int = 0
    seconds: float = 0.0
    watching: bool = False


PAUSES = Pauses()


def freeze_startup_heap() -> int:
    """Collect once, then keep every object alive now out of later collections.
    Returns how many objects were frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def watch_full_collections() -> None:
    """Time every full (generation 2) collection into `PAUSES`. Idempotent."""
    if PAUSES.watching:
        return
    PAUSES.watching = True
    started = [0.0]

    def timed(phase: str, info: dict[str, Any]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            started[0] = time.perf_counter()
            return
        took = time.perf_counter() - started[0]
        PAUSES.count += 1
        PAUSES.seconds += took

    gc.callbacks.append(timed)
