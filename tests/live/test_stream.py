"""The live stream over real HTTP from a real `dateline serve` process."""

from __future__ import annotations

import random
import socket
import threading
import time
import uuid

import httpx
import pytest

from dateline.domain.roles import Actor, Role
from dateline.store import post_commands
from dateline.store.database import Database

from .sse_client import events

pytestmark = pytest.mark.server


@pytest.fixture
def blog(server) -> str:
    slug = f"flood-{uuid.uuid4().hex[:8]}"
    response = server.api.post("/api/v1/blogs", json={"slug": slug, "title": "Flood"})
    assert response.status_code == 201
    return slug


def open_stream(server, slug: str, last_event_id: int | None = None, **params):
    headers = {"Last-Event-ID": str(last_event_id)} if last_event_id is not None else {}
    client = httpx.Client(timeout=httpx.Timeout(10, read=10))
    return client, client.stream("GET", f"{server.url}/{slug}/live", headers=headers, params=params)


def test_a_published_update_reaches_an_open_stream_with_its_html(server, blog):
    client, stream = open_stream(server, blog)
    with client, stream as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        incoming = events(response)
        published = server.publish(blog, "The river has burst its banks.")
        event = next(e for e in incoming if not e.comment)
        assert event.id == published["seq"]
        assert event.data["action"] == "publish"
        assert event.data["post_id"] == published["id"]
        assert "The river has burst its banks." in event.data["html"]


def test_heartbeats_keep_an_idle_stream_open(server, blog):
    client, stream = open_stream(server, blog)
    with client, stream as response:
        started = time.monotonic()
        assert next(events(response)).comment
        assert time.monotonic() - started < 5


def test_resume_by_last_event_id_loses_nothing_and_repeats_nothing_across_1000_changes(
    server, blog
):
    """A publisher writes 1,000 changes (publishes, edits, deletes) while a reader keeps
    dropping its connection at random points and resuming with Last-Event-ID."""
    done = threading.Event()

    def publisher() -> None:
        live: list[dict] = []
        with httpx.Client(base_url=server.url, headers=server.auth) as api:
            for i in range(1000):
                roll = random.random()
                if live and roll < 0.15:
                    post = live.pop(random.randrange(len(live)))
                    r = api.delete(f"/api/v1/blogs/{blog}/posts/{post['id']}")
                elif live and roll < 0.35:
                    post = random.choice(live)
                    r = api.patch(
                        f"/api/v1/blogs/{blog}/posts/{post['id']}",
                        json={"version": post["version"], "body": f"edit {i}"},
                    )
                    post["version"] = r.json()["version"]
                else:
                    r = api.post(f"/api/v1/blogs/{blog}/posts", json={"body": f"update {i}"})
                    live.append(r.json())
                assert r.status_code in (200, 201), r.text
        done.set()

    random.seed(20161212)
    writer = threading.Thread(target=publisher)
    received: list[int] = []
    last = 1  # the blog's creation, seen by the page the reader opened
    writer.start()
    try:
        while True:
            client, stream = open_stream(server, blog, last_event_id=last)
            with client, stream as response:
                assert response.status_code == 200
                take = random.randint(20, 150)
                for event in events(response):
                    if event.comment:
                        if done.is_set() and last == _last_seq(server, blog):
                            break
                        continue
                    received.append(event.id)
                    last = event.id
                    take -= 1
                    if take == 0 or (done.is_set() and last == _last_seq(server, blog)):
                        break
            if done.is_set() and last == _last_seq(server, blog):
                break
    finally:
        writer.join()
    expected = [c["seq"] for c in _all_public_changes(server, blog)]
    assert expected[0] == 1  # the blog's creation, which the reader started after
    assert len(expected) == 1001
    assert received == expected[1:]


def _last_seq(server, slug: str) -> int:
    return server.api.get(f"/api/v1/blogs/{slug}").json()["last_seq"]


def _all_public_changes(server, slug: str) -> list[dict]:
    changes, after = [], 0
    while True:
        page = server.api.get(
            f"/api/v1/blogs/{slug}/changes", params={"after": after, "limit": 1000}
        ).json()
        if not page["changes"]:
            return changes
        changes += page["changes"]
        after = page["changes"][-1]["seq"]


def test_a_reader_that_stops_reading_is_dropped_and_others_get_every_update(server, blog):
    """A reader whose connection takes nothing more is cut off; a reader beside it
    receives every update, in order, meanwhile."""
    stuck = socket.create_connection(("127.0.0.1", server.port))
    stuck.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stuck.sendall(f"GET /{blog}/live HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    got: list[int] = []
    finished = threading.Event()

    def read_along() -> None:
        client, stream = open_stream(server, blog)
        with client, stream as response:
            for event in events(response):
                if event.comment:
                    continue
                got.append(event.id)
                if "THE END" in event.data["html"]:
                    break
        finished.set()

    dropped_before = server.api.get("/health").json()["dropped_readers"]
    reader = threading.Thread(target=read_along)
    reader.start()
    time.sleep(0.3)
    big = "Flood barriers are being raised along the quay. " * 900  # ~44 KB a frame
    try:
        seqs = [server.publish(blog, big)["seq"] for _ in range(120)]
        seqs.append(server.publish(blog, "THE END")["seq"])
        assert finished.wait(20)
    finally:
        stuck.close()
        reader.join(5)
    assert got == seqs
    assert server.api.get("/health").json()["dropped_readers"] == dropped_before + 1


def test_a_resume_point_from_the_future_tells_the_page_to_reload(server, blog):
    client, stream = open_stream(server, blog, last_event_id=500)  # the blog is at 1
    with client, stream as response:
        event = next(e for e in events(response) if not e.comment)
        assert event.name == "reload"


def test_ending_coverage_closes_streams_and_later_connections_get_204(server, blog):
    client, stream = open_stream(server, blog)
    with client, stream as response:
        incoming = events(response)
        httpx.patch(
            f"{server.url}/api/v1/blogs/{blog}", json={"status": "ended"}, headers=server.auth
        )
        event = next(e for e in incoming if not e.comment)
        assert event.data["action"] == "end"
        assert list(incoming) == []  # the server completed the response
    assert httpx.get(f"{server.url}/{blog}/live", params={"after": event.id}).status_code == 204


def test_changes_written_by_another_process_reach_live_readers(server, blog):
    client, stream = open_stream(server, blog)
    with client, stream as response:
        incoming = events(response)
        database = Database(server.database_url)
        outcome = database.run_write(
            post_commands.create_post,
            blog,
            {"body": "Written by the importer"},
            Actor("cli", Role.EDITOR),
        )
        database.close()
        event = next(e for e in incoming if not e.comment)
        assert event.id == outcome.seq
        assert "Written by the importer" in event.data["html"]
