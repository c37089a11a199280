"""Polling for changes: the fallback for clients without a live stream, and its limits."""

from __future__ import annotations

import anyio
import pytest

from dateline.web import create_app
from tests.conftest import make_token, settings_for_tests

pytestmark = pytest.mark.anyio


@pytest.fixture
async def small_app(sqlite_url):
    """An app whose readers may catch up at most 5 changes before being told to reload."""
    application = create_app(settings_for_tests(sqlite_url, catch_up_limit=5, poll_interval=7.0))
    await application.start()
    yield application
    await application.stop()


@pytest.fixture
async def polling(small_app):
    import httpx

    transport = httpx.ASGITransport(app=small_app)
    headers = {"Authorization": f"Bearer {make_token(small_app.database)}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        assert (
            await client.post(
                "/api/v1/blogs", json={"slug": "vote", "title": "Vote"}, headers=headers
            )
        ).status_code == 201
        for i in range(8):
            response = await client.post(
                "/api/v1/blogs/vote/posts", json={"body": f"Result {i}"}, headers=headers
            )
            assert response.status_code == 201
        await anyio.sleep(0.05)
        yield client


async def test_a_reader_close_behind_gets_the_changes_it_missed_with_html(
    small_app, polling, monkeypatch
):
    monkeypatch.setattr(small_app.hub.pressure, "backoff", lambda: 1)  # an idle node
    body = (await polling.get("/api/v1/blogs/vote/changes?after=6")).json()
    assert [c["seq"] for c in body["changes"]] == [7, 8, 9]
    assert "Result 7" in body["changes"][-1]["html"]
    assert body["last_seq"] == 9
    assert body["reload"] is False
    assert body["poll_after_s"] == 7.0


async def test_answers_are_cacheable_for_the_poll_interval(small_app, polling, monkeypatch):
    # An idle node: a busy test machine must not stretch the interval (load is tested apart).
    monkeypatch.setattr(small_app.hub.pressure, "backoff", lambda: 1)
    response = await polling.get("/api/v1/blogs/vote/changes?after=9")
    assert response.json()["changes"] == []
    assert response.headers["cache-control"] == "public, max-age=7, stale-while-revalidate=7"


async def test_a_reader_too_far_behind_is_told_to_reload_instead(polling):
    body = (await polling.get("/api/v1/blogs/vote/changes?after=1")).json()
    assert body["reload"] is True
    assert body["changes"] == []


async def test_a_reader_ahead_of_the_store_is_told_to_reload(polling):
    assert (await polling.get("/api/v1/blogs/vote/changes?after=50")).json()["reload"] is True


async def test_the_stream_also_sends_a_reader_too_far_behind_to_reload(small_app, polling):
    """The SSE endpoint through the real app, with the server side of ASGI played here."""
    sent: list[dict] = []
    done = anyio.Event()

    async def receive():
        await done.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            done.set()

    scope = {
        "type": "http", "method": "GET", "path": "/vote/live", "query_string": b"",
        "headers": [(b"last-event-id", b"1")], "http_version": "1.1", "scheme": "http",
    }  # fmt: skip
    with anyio.fail_after(5):
        await small_app(scope, receive, send)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert sent[0]["status"] == 200
    assert b"event: reload" in body
    assert b"id: " not in body  # no change was streamed
