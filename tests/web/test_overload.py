"""Overload from hostile clients, against a real `dateline serve` with small limits.

Streams past the caps get 503 with Retry-After; half-sent request heads and
slow bodies are cut off; one address cannot hold more than its share of
connections.
"""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator

import pytest

from dateline.store import migrate
from dateline.store.database import Database
from tests.conftest import Server, free_port, make_token

pytestmark = pytest.mark.server

LIMITS = {
    "DATELINE_MAX_STREAMS": "6",
    "DATELINE_MAX_STREAMS_PER_CLIENT": "3",
    "DATELINE_MAX_CONNECTIONS_PER_CLIENT": "40",
    "DATELINE_HEAD_SECONDS": "1",
    "DATELINE_BODY_SECONDS": "1",
}


@pytest.fixture(scope="module")
def tight(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server with small limits, all to itself."""
    tmp_path = tmp_path_factory.mktemp("tight")
    url = f"sqlite:///{tmp_path / 'tight.db'}"
    handle = Database(url)
    migrate.upgrade(handle)
    token = make_token(handle)
    handle.close()
    port = free_port()
    running = Server(
        f"http://127.0.0.1:{port}", url, port, token, log_path=tmp_path / "server.log", env=LIMITS
    )
    running.start()
    yield running
    running.stop()
    running.api.close()


@pytest.fixture
def blog(tight: Server) -> str:
    slug = f"siege-{uuid.uuid4().hex[:8]}"
    assert tight.api.post("/api/v1/blogs", json={"slug": slug, "title": "Siege"}).is_success
    assert tight.api.patch(f"/api/v1/blogs/{slug}", json={"status": "live"}).is_success
    return slug


def connect(server: Server, source: str = "127.0.0.1") -> socket.socket:
    sock = socket.socket()
    sock.settimeout(5)
    sock.bind((source, 0))
    sock.connect(("127.0.0.1", server.port))
    return sock


def open_stream(server: Server, slug: str, source: str = "127.0.0.1") -> tuple[socket.socket, str]:
    """A stream's socket and its response head."""
    sock = connect(server, source)
    sock.sendall(f"GET /{slug}/live HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            break
        head += chunk
    return sock, head.decode("latin-1")


def closed_by_server(sock: socket.socket, within: float) -> bool:
    sock.settimeout(within)
    try:
        return sock.recv(4096) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def test_streams_past_the_cap_per_address_get_503_with_retry_after(tight, blog):
    held = [open_stream(tight, blog, "127.0.0.2") for _ in range(3)]
    try:
        assert all(head.startswith("HTTP/1.1 200") for _, head in held)
        refused, head = open_stream(tight, blog, "127.0.0.2")
        refused.close()
        assert head.startswith("HTTP/1.1 503")
        assert "retry-after: 30" in head.lower()
        # Another address still has its share.
        other, head = open_stream(tight, blog, "127.0.0.3")
        other.close()
        assert head.startswith("HTTP/1.1 200")
        # A place given back is a place to take again.
        held.pop()[0].close()
        deadline = time.monotonic() + 5
        while True:
            again, head = open_stream(tight, blog, "127.0.0.2")
            if head.startswith("HTTP/1.1 200"):
                held.append((again, head))
                break
            again.close()
            assert time.monotonic() < deadline, "the closed stream's place was never given back"
            time.sleep(0.1)
    finally:
        for sock, _ in held:
            sock.close()


def test_streams_past_the_total_cap_get_503(tight, blog):
    held = [open_stream(tight, blog, f"127.0.1.{i}") for i in range(1, 7)]
    try:
        assert all(head.startswith("HTTP/1.1 200") for _, head in held)
        refused, head = open_stream(tight, blog, "127.0.1.7")
        refused.close()
        assert head.startswith("HTTP/1.1 503")
        assert "retry-after" in head.lower()
    finally:
        for sock, _ in held:
            sock.close()


def test_a_half_sent_request_head_is_cut_off(tight):
    silent = connect(tight, "127.0.0.4")
    half = connect(tight, "127.0.0.4")
    half.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    try:
        assert closed_by_server(silent, within=4)
        assert closed_by_server(half, within=4)
    finally:
        silent.close()
        half.close()


def test_a_request_head_that_keeps_dripping_is_still_cut_off(tight):
    """A byte now and then does not buy more time: the deadline is for the whole head."""
    sock = connect(tight, "127.0.0.5")
    started = time.monotonic()
    try:
        sock.sendall(b"GET /health HTTP/1.1\r\n")
        for _ in range(40):
            try:
                sock.sendall(b"X-A: b\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
            if closed_by_server(sock, within=0.1):
                break
        assert time.monotonic() - started < 4
    finally:
        sock.close()


def test_a_slow_request_body_gets_408(tight):
    sock = connect(tight, "127.0.0.6")
    try:
        head = (
            "POST /api/v1/blogs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {tight.token}\r\nContent-Length: 100\r\n\r\n"
        )
        sock.sendall(head.encode() + b'{"slug": ')
        sock.settimeout(5)
        answer = sock.recv(4096).decode("latin-1")
        assert answer.startswith("HTTP/1.1 408")
    finally:
        sock.close()


def test_one_address_holds_at_most_its_share_of_connections(tight):
    socks = [connect(tight, "127.0.0.7") for _ in range(45)]
    try:
        answered = 0
        for sock in socks:
            try:
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                answered += sock.recv(4096).startswith(b"HTTP/1.1 200")
            except (ConnectionResetError, BrokenPipeError):
                pass
        assert answered == 40
    finally:
        for sock in socks:
            sock.close()
    # Others were never affected, and the address gets its places back.
    deadline = time.monotonic() + 5
    while True:
        sock = connect(tight, "127.0.0.7")
        try:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            if sock.recv(4096).startswith(b"HTTP/1.1 200"):
                break
        except (ConnectionResetError, BrokenPipeError):
            pass
        finally:
            sock.close()
        assert time.monotonic() < deadline
        time.sleep(0.1)
