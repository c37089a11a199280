"""Readers who resume from far back and never read hold almost nothing (a real server).

Resuming from an old Last-Event-ID sends changes the hub no longer keeps in
memory, read from the store. A hundred sockets that ask for a 700-change
blog from the start and then read nothing must not make the server hold the
backlog for each of them, and a reader beside them gets every update at once.
"""

from __future__ import annotations

import socket
import threading
import time
import uuid
from pathlib import Path

import pytest

from dateline.domain.roles import Actor, Role
from dateline.store import post_commands
from dateline.store.database import Database

from .sse_client import events
from .test_stream import open_stream

pytestmark = pytest.mark.server

CHANGES = 700
SOCKETS = 100
# About 4 KB of HTML a frame: the backlog is ~3 MB per reader, 280 MB for all of them.
PARAGRAPH = "Shelling resumed near the eastern crossing before dawn, residents said. " * 55


def rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def seed_changes(server, slug: str, count: int) -> None:
    """Written beside the server (as an importer would): quicker than HTTP."""
    database = Database(server.database_url)
    editor = Actor("importer", Role.EDITOR)
    try:
        for i in range(count):
            body = {"body": f"{i}. {PARAGRAPH}"}
            database.run_write(post_commands.create_post, slug, body, editor)
    finally:
        database.close()


def stuck_reader(server, slug: str) -> socket.socket:
    """A raw socket that asks to resume from the very start and never reads a byte."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", server.port))
    sock.sendall(f"GET /{slug}/live HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 0\r\n\r\n".encode())
    return sock


def test_a_hundred_readers_resuming_from_zero_who_never_read_cost_under_50_mb(server):
    slug = f"backlog-{uuid.uuid4().hex[:8]}"
    assert server.api.post("/api/v1/blogs", json={"slug": slug, "title": "Backlog"}).is_success
    seed_changes(server, slug, CHANGES)
    last = server.api.get(f"/api/v1/blogs/{slug}").json()["last_seq"]
    assert last > CHANGES
    assert server.process is not None
    pid = server.process.pid

    got: list[int] = []
    reading = threading.Event()
    finished = threading.Event()

    def read_along() -> None:
        client, stream = open_stream(server, slug, last_event_id=last)
        with client, stream as response:
            reading.set()
            for event in events(response):
                if event.comment or event.data is None:
                    continue
                got.append(event.id)
                if "THE END" in event.data["html"]:
                    break
        finished.set()

    reader = threading.Thread(target=read_along)
    reader.start()
    assert reading.wait(10)
    before = rss(pid)
    sockets = [stuck_reader(server, slug) for _ in range(SOCKETS)]
    peak = before
    try:
        # They are readers, counted as such while they are brought up to date.
        deadline = time.monotonic() + 10
        while server.api.get("/health").json()["readers"] < SOCKETS + 1:
            assert time.monotonic() < deadline, "the resuming sockets were never counted"
            time.sleep(0.05)
        published = []
        for i in range(5):
            sent = time.monotonic()
            published.append(server.publish(slug, f"Fresh update {i}")["seq"])
            while published[-1] not in got:
                assert time.monotonic() - sent < 3, "the normal reader was kept waiting"
                peak = max(peak, rss(pid))
                time.sleep(0.02)
        for _ in range(40):  # let the server do its worst with the stuck ones
            peak = max(peak, rss(pid))
            time.sleep(0.05)
        published.append(server.publish(slug, "THE END")["seq"])
        assert finished.wait(10)
    finally:
        for sock in sockets:
            sock.close()
        reader.join(5)
    assert got == published
    grown = peak - before
    print(f"RSS {before / 2**20:.0f} MB -> peak {peak / 2**20:.0f} MB, {SOCKETS} resuming from 0")
    assert grown < 50 << 20, f"RSS grew by {grown / 2**20:.0f} MB"
