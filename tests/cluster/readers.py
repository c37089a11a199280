"""Live readers for cluster tests: each a thread holding an SSE stream, which
reconnects by Last-Event-ID (to the next node when its own is gone), as a
browser's EventSource does, and records every event id it receives."""

from __future__ import annotations

import contextlib
import threading
import time

import httpx

from tests.live.sse_client import events


class LiveReader(threading.Thread):
    def __init__(self, origins: list[str], slug: str, after: int) -> None:
        super().__init__(daemon=True)
        self.origins = origins
        self.slug = slug
        self.start_after = after
        self.last = after
        self.ids: list[int] = []  # every change id received, in arrival order
        self.connected = threading.Event()
        self.stopping = threading.Event()
        self.reconnects = 0

    def run(self) -> None:
        attempt = 0
        while not self.stopping.is_set():
            origin = self.origins[attempt % len(self.origins)]
            with contextlib.suppress(httpx.HTTPError):
                self._listen(origin)
            attempt += 1
            self.reconnects += 1
            time.sleep(0.1)

    def _listen(self, origin: str) -> None:
        timeout = httpx.Timeout(5, read=4)  # heartbeats come every 2 s in these tests
        headers = {"Last-Event-ID": str(self.last)}
        with httpx.stream(
            "GET", f"{origin}/{self.slug}/live", headers=headers, timeout=timeout
        ) as r:
            if r.status_code != 200:
                time.sleep(0.2)
                return
            self.connected.set()
            for event in events(r):
                if self.stopping.is_set():
                    return
                if event.id is not None and event.name == "message":
                    self.ids.append(event.id)
                    self.last = event.id

    def stop(self) -> None:
        self.stopping.set()


def wait_for(readers: list[LiveReader], last_seq: dict[str, int], seconds: float) -> None:
    """Until every reader has reached its blog's last sequence number (or time is up)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(r.last >= last_seq[r.slug] for r in readers):
            return
        time.sleep(0.05)


def check_exactly_once_in_order(readers: list[LiveReader], last_seq: dict[str, int]) -> None:
    for reader in readers:
        expected = list(range(reader.start_after + 1, last_seq[reader.slug] + 1))
        assert reader.ids == expected, (
            f"reader of {reader.slug} via {reader.origins[0]}: "
            f"{len(reader.ids)} events, expected {len(expected)}; "
            f"duplicates {len(reader.ids) - len(set(reader.ids))}, "
            f"missing {sorted(set(expected) - set(reader.ids))[:10]}"
        )


def stop_all(readers: list[LiveReader]) -> None:
    """Stop every reader and wait until each has closed its connection."""
    for reader in readers:
        reader.stop()
    for reader in readers:
        reader.join(10)
