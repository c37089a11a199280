"""Secrets never reach the logs: API tokens (good or bad) and passwords, whatever the
request does, including the ones that fail."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.server


def test_tokens_never_appear_in_the_server_log(server):
    token = server.token
    server.api.post("/api/v1/blogs", json={"slug": "quiet", "title": "Quiet"})
    server.publish("quiet", "An update.")
    server.api.post("/api/v1/blogs/quiet/posts", content=b"{broken")
    server.api.get("/api/v1/blogs/quiet/posts/999")
    wrong = "dl_" + "w" * 43
    server.api.post(
        "/api/v1/blogs/quiet/posts",
        json={"body": "x"},
        headers={"Authorization": f"Bearer {wrong}"},
    )
    log = server.log_path.read_text()
    assert token not in log and token[3:] not in log
    assert wrong not in log


def test_a_password_given_on_standard_input_is_not_echoed(tmp_path):
    secret = "correct horse battery staple"
    result = subprocess.run(
        [sys.executable, "-m", "dateline", "user", "add", "ines", "--role", "editor",
         "--password-stdin", "--database", f"sqlite:///{tmp_path / 'p.db'}"],
        input=secret + "\n", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert secret not in result.stdout + result.stderr


def test_a_token_made_and_revoked_through_the_api_never_reaches_the_log(server):
    made = server.api.post("/api/v1/tokens", json={"label": "for the log test"})
    assert made.status_code == 201, made.text
    secret = made.json()["token"]
    mine = {"Authorization": f"Bearer {secret}"}
    assert server.api.get("/api/v1/tokens", headers=mine).status_code == 200
    assert server.api.delete(f"/api/v1/tokens/{made.json()['id']}").status_code == 200
    assert server.api.get("/api/v1/tokens", headers=mine).status_code == 401  # at once
    log = server.log_path.read_text()
    assert secret not in log and secret[3:] not in log
