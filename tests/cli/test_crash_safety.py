"""Crash safety on both engines: publish in a loop, `kill -9` the server at random moments,
restart it, and check that every update whose publish answered 2xx is there with its
change, that the sequence has no gap, and that a live reader resuming by Last-Event-ID
has seen every change exactly once.

Bounded here (a few kills); the longer form is
`DATELINE_CRASH_ROUNDS=50 pytest tests/cli/test_crash_safety.py`.
"""

from __future__ import annotations

import os
import random
import threading
import time
from pathlib import Path

import httpx
import pytest

from dateline.store import migrate
from dateline.store.database import Database
from tests.conftest import Server, free_port, make_token
from tests.live.sse_client import events

pytestmark = pytest.mark.server
ROUNDS = int(os.environ.get("DATELINE_CRASH_ROUNDS", "3"))


class Reader(threading.Thread):
    """A reader that keeps reconnecting with Last-Event-ID, as a browser does."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.seen: list[int] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            headers = {"Last-Event-ID": str(self.seen[-1])} if self.seen else {"Last-Event-ID": "0"}
            try:
                with (
                    httpx.Client(timeout=httpx.Timeout(5, read=3)) as client,
                    client.stream("GET", self.url, headers=headers) as response,
                ):
                    if response.status_code != 200:
                        raise httpx.HTTPError(str(response.status_code))
                    for event in events(response):
                        if event.id is not None:
                            self.seen.append(event.id)
                        if self.stop.is_set():
                            return
            except httpx.HTTPError:
                time.sleep(0.1)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def crash_server(request, tmp_path: Path):
    url = (
        f"sqlite:///{tmp_path / 'crash.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    handle = Database(url)
    migrate.upgrade(handle)
    token = make_token(handle)
    handle.close()
    port = free_port()
    server = Server(f"http://127.0.0.1:{port}", url, port, token, log_path=tmp_path / "log")
    server.start()
    yield server
    server.stop(kill=True)
    server.api.close()


def test_kill_9_at_random_moments_loses_nothing_that_was_acknowledged(crash_server):
    server = crash_server
    assert server.api.post("/api/v1/blogs", json={"slug": "crash", "title": "Crash"}).is_success
    acknowledged: dict[int, int] = {}  # post id -> its change's sequence number
    reader = Reader(f"{server.url}/crash/live")
    reader.start()
    rng = random.Random(7)
    for round_ in range(ROUNDS):
        stop = threading.Event()

        def publish(stop: threading.Event = stop, round_: int = round_) -> None:
            with httpx.Client(base_url=server.url, headers=server.auth, timeout=5) as api:
                i = 0
                while not stop.is_set():
                    try:
                        r = api.post(
                            "/api/v1/blogs/crash/posts", json={"body": f"Round {round_}, {i}"}
                        )
                    except httpx.HTTPError:
                        return  # the server died under this request: no answer, no promise
                    if r.status_code == 201:
                        acknowledged[r.json()["id"]] = r.json()["seq"]
                    i += 1

        publisher = threading.Thread(target=publish)
        publisher.start()
        time.sleep(rng.uniform(0.3, 1.2))
        server.stop(kill=True)  # mid-write, mid-commit, mid-response: wherever it falls
        stop.set()
        publisher.join()
        server.start()

    items = server.api.get("/api/v1/blogs/crash/changes?after=0&limit=1000").json()
    log = items["changes"]
    assert [c["seq"] for c in log] == list(range(1, len(log) + 1))
    published = {c["post_id"]: c["seq"] for c in log if c["action"] == "publish"}
    assert acknowledged, "nothing was published before the kills"
    for post_id, seq in acknowledged.items():
        assert published.get(post_id) == seq, f"update {post_id} answered 201 but is missing"
        assert server.api.get(f"/api/v1/blogs/crash/posts/{post_id}").status_code == 200

    last = items["last_seq"]
    deadline = time.monotonic() + 15
    while (not reader.seen or reader.seen[-1] < last) and time.monotonic() < deadline:
        time.sleep(0.1)
    reader.stop.set()
    server.publish("crash", "Wake the reader so it notices it should stop.")
    public = [s for s in reader.seen if s <= last]
    assert public == sorted(set(public)), "a change was delivered twice or out of order"
    assert set(public) == {c["seq"] for c in log}, "the reader missed a change"
