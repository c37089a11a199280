"""`dateline serve` and `dateline demo` as real processes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

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
        name = re.search(r"name: (\S+)", printed).group(1)
        password = re.search(r"password: (\S{12,})", printed).group(1)
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
        _sign_in_to_the_desk(f"http://127.0.0.1:{port}", name, password, "Storm Maren")
    finally:
        demo.send_signal(signal.SIGINT)
        demo.wait(timeout=15)
        demo.stdout.close()


def _sign_in_to_the_desk(origin: str, name: str, password: str, expect: str) -> None:
    """The printed sign-in works: the form, the session, the desk home listing the blog."""
    with httpx.Client(base_url=origin) as browser:
        form = browser.get("/desk/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        signed_in = browser.post(
            "/desk/login",
            data={"name": name, "password": password, "csrf_token": token},
            headers={"Origin": origin},
        )
        assert signed_in.status_code == 303, signed_in.text
        home = browser.get("/desk/")
        assert home.status_code == 200
        assert expect in home.text


def test_serve_on_an_empty_database_says_how_to_make_the_first_admin(tmp_path):
    port = free_port()
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    command = [sys.executable, "-m", "dateline", "serve", "--port", str(port), "--database", url]
    first = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        printed = ""
        deadline = time.monotonic() + 30
        while "/desk/login" not in printed and time.monotonic() < deadline:
            printed += first.stdout.readline()
        assert "dateline user add NAME --role admin" in printed
    finally:
        first.send_signal(signal.SIGINT)
        first.wait(timeout=15)
        first.stdout.close()
    password = "a long enough password"
    added = subprocess.run(
        [sys.executable, "-m", "dateline", "user", "add", "ada", "--role", "admin",
         "--password-stdin", "--database", url],
        input=password + "\n", capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    again = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        _get_when_up(f"http://127.0.0.1:{port}/health")
        _sign_in_to_the_desk(f"http://127.0.0.1:{port}", "ada", password, "Your blogs")
    finally:
        again.send_signal(signal.SIGINT)
        printed, _ = again.communicate(timeout=15)
    assert "Create the first admin" not in printed


def test_a_scheduled_update_goes_out_after_a_restart_that_spanned_its_time(server):
    server.api.post("/api/v1/blogs", json={"slug": "overnight", "title": "Overnight"})
    due = datetime.now(UTC) + timedelta(seconds=3)
    scheduled = server.api.post(
        "/api/v1/blogs/overnight/posts",
        json={"body": "Embargo lifts", "status": "scheduled", "published_at": due.isoformat()},
    )
    assert scheduled.status_code == 201, scheduled.text
    server.stop()
    time.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()) + 0.5)  # down past its time
    server.start()
    deadline = time.monotonic() + 30
    path = f"/api/v1/blogs/overnight/posts/{scheduled.json()['id']}"
    while server.api.get(path).json()["status"] != "published":
        assert time.monotonic() < deadline, "the scheduled update never went out"
        time.sleep(0.2)
    page = httpx.get(f"{server.url}/overnight/")
    assert "Embargo lifts" in page.text


def _get_when_up(url: str) -> httpx.Response:
    deadline = time.monotonic() + 20
    while True:
        try:
            return httpx.get(url)
        except httpx.ConnectError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
