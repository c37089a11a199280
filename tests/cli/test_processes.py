"""`dateline serve` and `dateline demo` as real processes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import httpx
import pytest

from tests.conftest import free_port

pytestmark = pytest.mark.server


def test_a_publish_that_returned_201_survives_kill_9(server):
    """The 201 comes after the commit: killing the server at once loses nothing."""
    server.api.post("/api/v1/blogs", json={"slug": "durable", "title": "Durable"})
    published = server.publish("durable", "Committed before the crash.")
    server.stop(kill=True)
    server.start()
    kept = server.api.get(f"/api/v1/blogs/durable/posts/{published['id']}")
    assert kept.status_code == 200
    assert kept.json()["blocks"][0]["html"] == "<p>Committed before the crash.</p>"
    log = server.api.get("/api/v1/blogs/durable/changes?after=0").json()
    assert log["changes"][-1]["seq"] == published["seq"]
    assert log["changes"][-1]["action"] == "publish"


def test_the_demo_serves_a_live_blog_at_the_printed_url(tmp_path):
    port = free_port()
    demo = subprocess.Popen(
        [sys.executable, "-m", "dateline", "demo", "--port", str(port), "--every", "0.5"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        printed = ""
        deadline = time.monotonic() + 30
        while "Ctrl-C" not in printed and time.monotonic() < deadline:
            printed += demo.stdout.readline()
        url = re.search(r"The demo live blog is at (\S+)", printed).group(1)
        token = re.search(r"Bearer (dl_\S+)'", printed).group(1)
        assert re.search(r"Editor account: demo-editor, password '[^']{12,}'", printed)
        page = _get_when_up(url)
        assert page.status_code == 200
        assert "Storm Maren" in page.text
        slug = url.rstrip("/").rsplit("/", 1)[-1]
        api = f"http://127.0.0.1:{port}/api/v1/blogs/{slug}"
        count = len(httpx.get(f"{api}/posts?limit=100").json()["items"])
        assert count >= 30
        time.sleep(1.5)  # the demo keeps publishing while it runs
        assert len(httpx.get(f"{api}/posts?limit=100").json()["items"]) > count
        mine = httpx.post(
            f"{api}/posts",
            json={"body": "Hello from the desk"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert mine.status_code == 201
    finally:
        demo.send_signal(signal.SIGINT)
        demo.wait(timeout=15)
        demo.stdout.close()


def _get_when_up(url: str) -> httpx.Response:
    deadline = time.monotonic() + 20
    while True:
        try:
            return httpx.get(url)
        except httpx.ConnectError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
