"""Text the newsroom replaced or deleted is never replayed: not from the hub's memory,
not from the store after a restart, not to a reader resuming from the very start."""

from __future__ import annotations

import uuid

import httpx
import pytest

from .sse_client import events

pytestmark = pytest.mark.server

TAKEN_DOWN = ("John Doe", "defamatory")


def replay_from(server, slug: str, after: int, until: int) -> str:
    """Everything a reader resuming from Last-Event-ID `after` is sent, up to `until`."""
    seen = []
    with (
        httpx.Client(timeout=httpx.Timeout(10, read=10)) as client,
        client.stream(
            "GET", f"{server.url}/{slug}/live", headers={"Last-Event-ID": str(after)}
        ) as r,
    ):
        assert r.status_code == 200
        for event in events(r):
            if event.comment:
                continue
            seen.append(repr(event.data))
            if event.id is not None and event.id >= until:
                break
    return "\n".join(seen)


def write_and_take_down(server, slug: str) -> int:
    named = server.publish(slug, "The suspect is John Doe of the harbour district.")
    fixed = server.api.patch(
        f"/api/v1/blogs/{slug}/posts/{named['id']}",
        json={"version": named["version"], "body": "A suspect has been arrested."},
    )
    assert fixed.status_code == 200
    line = server.publish(slug, "A defamatory line about a councillor.")
    gone = server.api.delete(f"/api/v1/blogs/{slug}/posts/{line['id']}")
    assert gone.status_code == 200
    return int(gone.json()["seq"])


@pytest.fixture
def blog(server) -> str:
    slug = f"replay-{uuid.uuid4().hex[:8]}"
    assert server.api.post("/api/v1/blogs", json={"slug": slug, "title": "Replay"}).is_success
    return slug


def test_a_replay_from_the_hubs_memory_shows_updates_as_they_are_now(server, blog):
    # A reader is attached first, so the hub renders every change as it happens.
    with (
        httpx.Client(timeout=httpx.Timeout(10, read=10)) as client,
        client.stream("GET", f"{server.url}/{blog}/live") as live,
    ):
        assert live.status_code == 200
        last = write_and_take_down(server, blog)
        for event in events(live):
            if event.id == last:
                break
    # The hub keeps every frame since the reader attached (after the blog's first
    # change): resuming from there is answered from memory.
    replay = replay_from(server, blog, 1, last)
    assert "A suspect has been arrested." in replay
    assert not any(words in replay for words in TAKEN_DOWN)


def test_a_replay_from_the_store_after_a_restart_shows_updates_as_they_are_now(server, blog):
    last = write_and_take_down(server, blog)
    server.stop()
    server.start()
    replay = replay_from(server, blog, 0, last)
    assert "A suspect has been arrested." in replay
    assert not any(words in replay for words in TAKEN_DOWN)
