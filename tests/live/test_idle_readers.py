"""A thousand readers that never read cost a bounded amount of memory (a real server)."""

from __future__ import annotations

import socket
import threading
import time
import uuid

import pytest

from .sse_client import events
from .test_catch_up import rss
from .test_stream import open_stream

pytestmark = pytest.mark.server

READERS = 1000
BIG = "Convoy lists from the border crossing, name by name. " * 800  # ~42 KB a frame


def idle_reader(server, slug: str, source: str) -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", server.port))
    sock.sendall(f"GET /{slug}/live HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    return sock


def test_a_thousand_readers_that_never_read_are_dropped_and_memory_stays_bounded(server):
    slug = f"crowd-{uuid.uuid4().hex[:8]}"
    assert server.api.post("/api/v1/blogs", json={"slug": slug, "title": "Crowd"}).is_success
    assert server.api.patch(f"/api/v1/blogs/{slug}", json={"status": "live"}).is_success
    assert server.process is not None
    pid = server.process.pid
    got: list[int] = []
    reading = threading.Event()
    finished = threading.Event()

    def read_along() -> None:
        client, stream = open_stream(server, slug)
        with client, stream as response:
            reading.set()
            for event in events(response):
                if event.data is None:
                    continue
                got.append(event.id)
                if "THE END" in event.data["html"]:
                    break
        finished.set()

    reader = threading.Thread(target=read_along)
    reader.start()
    assert reading.wait(10)
    health = server.api.get("/health").json()
    dropped_before, readers_before = health["dropped_readers"], health["readers"]
    before = rss(pid)
    # From five addresses: the per-address cap on streams is 200.
    idle = [idle_reader(server, slug, f"127.0.3.{1 + i % 5}") for i in range(READERS)]
    peak = before
    try:
        deadline = time.monotonic() + 20
        while server.api.get("/health").json()["readers"] < readers_before + READERS:
            assert time.monotonic() < deadline, "not every idle reader was admitted"
            time.sleep(0.1)
        published = []
        for _ in range(12):
            published.append(server.publish(slug, BIG)["seq"])
            peak = max(peak, rss(pid))
        published.append(server.publish(slug, "THE END")["seq"])
        assert finished.wait(20)
        peak = max(peak, rss(pid))
        health = server.api.get("/health").json()
    finally:
        for sock in idle:
            sock.close()
        reader.join(5)
    assert got == published
    # Whether the kernel's socket buffers (not the server's memory) or a drop took
    # the frames depends on the machine; either way the server holds little.
    assert health["readers"] + health["dropped_readers"] - dropped_before >= READERS
    grown = peak - before
    print(f"RSS {before / 2**20:.0f} MB -> peak {peak / 2**20:.0f} MB with {READERS} idle readers")
    assert grown < 80 << 20, f"RSS grew by {grown / 2**20:.0f} MB for {READERS} idle readers"
