"""`dateline serve --workers N`: N processes on one port, each its own node."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from dateline.store import migrate
from dateline.store.database import Database
from tests.conftest import free_port, make_token

pytestmark = pytest.mark.server


def test_two_workers_share_the_port_and_each_has_its_own_hub(tmp_path):
    url = f"sqlite:///{tmp_path / 'workers.db'}"
    handle = Database(url)
    migrate.upgrade(handle)
    token = make_token(handle)
    handle.close()
    port = free_port()
    env = {
        **os.environ,
        "DATELINE_SWEEP_SECONDS": "0.2",
        "DATELINE_CAPTURE_SECONDS": "0",
        "DATELINE_MEDIA_STORE": str(tmp_path / "media"),
        "DATELINE_NODE_NAME": "web",
    }
    log = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen(
        [sys.executable, "-m", "dateline", "serve", "--workers", "2", "--port", str(port),
         "--database", url],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    origin = f"http://127.0.0.1:{port}"
    try:
        nodes: set[str] = set()
        deadline = time.monotonic() + 60
        while len(nodes) < 2 and time.monotonic() < deadline:
            try:  # a new connection each time: the kernel spreads them over the workers
                nodes.add(httpx.get(f"{origin}/ready", timeout=2).json()["node"])
            except httpx.HTTPError:
                time.sleep(0.1)
        assert nodes == {"web-0", "web-1"}, (tmp_path / "serve.log").read_text()
        api = httpx.Client(base_url=origin, headers={"Authorization": f"Bearer {token}"})
        api.post("/api/v1/blogs", json={"slug": "storm", "title": "Storm"})
        api.post("/api/v1/blogs/storm/posts", json={"body": "From one worker"})
        # Whichever worker holds a reader finds the change (here by its sweep, on SQLite).
        with httpx.stream("GET", f"{origin}/storm/live?after=1", timeout=10) as stream:
            assert stream.status_code == 200
            text = ""
            for chunk in stream.iter_text():
                text += chunk
                if "From one worker" in text:
                    break
        api.close()
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=30)
        log.close()
    assert serve.returncode == 0
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{origin}/health", timeout=2)
