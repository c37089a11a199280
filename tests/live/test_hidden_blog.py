"""A blog set back to draft stops streaming, over real HTTP from a real server."""

from __future__ import annotations

import threading
import uuid

import httpx
import pytest

from .sse_client import events
from .test_stream import open_stream

pytestmark = pytest.mark.server


def test_a_blog_set_back_to_draft_ends_open_streams_and_sends_nothing_more(server):
    slug = f"embargo-{uuid.uuid4().hex[:8]}"
    assert server.api.post("/api/v1/blogs", json={"slug": slug, "title": "Embargo"}).is_success
    assert server.api.patch(f"/api/v1/blogs/{slug}", json={"status": "live"}).is_success
    seen: list[str] = []
    opened = threading.Event()
    ended = threading.Event()

    def read_along() -> None:
        client, stream = open_stream(server, slug)
        with client, stream as response:
            opened.set()
            for event in events(response):
                if event.data is not None:
                    seen.append(str(event.data.get("html") or event.data.get("action")))
        ended.set()  # the server ended the response

    reader = threading.Thread(target=read_along)
    reader.start()
    assert opened.wait(10)
    server.publish(slug, "Before the embargo.")
    assert server.api.patch(f"/api/v1/blogs/{slug}", json={"status": "draft"}).is_success
    assert ended.wait(10), "the stream stayed open after the blog went back to draft"
    server.publish(slug, "Under embargo: not for readers.")
    reader.join(5)
    assert any("Before the embargo." in text for text in seen)
    assert not any("Under embargo" in text for text in seen)
    # Reconnecting finds no blog, and the change feed shows readers nothing.
    assert httpx.get(f"{server.url}/{slug}/live", timeout=5).status_code == 404
    assert httpx.get(f"{server.url}/api/v1/blogs/{slug}/changes", timeout=5).status_code == 404


def test_when_the_blog_is_public_again_a_returning_reader_misses_nothing(server):
    """Updates published under embargo are public once the blog is: a reader resuming
    from before the embargo gets them, each once, in order."""
    slug = f"embargo-{uuid.uuid4().hex[:8]}"
    assert server.api.post("/api/v1/blogs", json={"slug": slug, "title": "Embargo"}).is_success
    assert server.api.patch(f"/api/v1/blogs/{slug}", json={"status": "live"}).is_success
    before = server.publish(slug, "Public for a while.")["seq"]
    assert server.api.patch(f"/api/v1/blogs/{slug}", json={"status": "draft"}).is_success
    response = httpx.get(f"{server.url}/{slug}/live", headers={"Last-Event-ID": "0"}, timeout=5)
    assert response.status_code == 404
    assert "Under embargo" not in response.text
    held = server.publish(slug, "Under embargo until now.")["seq"]
    assert server.api.patch(f"/api/v1/blogs/{slug}", json={"status": "live"}).is_success
    after = server.publish(slug, "After the embargo.")["seq"]
    client, stream = open_stream(server, slug, last_event_id=before)
    got: list[int] = []
    with client, stream as response:
        for event in events(response):
            if event.id is not None and event.data is not None and event.data.get("html"):
                got.append(event.id)
            if event.id == after:
                break
    assert got == [held, after]
