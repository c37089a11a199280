"""The live stream in GRIP mode: what the reader missed, then a hold on the blog's
channel from the last sequence sent; a proxy's recovery request by Grip-Last."""

from __future__ import annotations

import httpx
import pytest

from dateline.web import create_app
from tests.conftest import make_token, settings_for_tests

pytestmark = pytest.mark.anyio


@pytest.fixture
async def grip_client(sqlite_url):
    # A publish endpoint nobody listens on: these tests look at the stream's answer.
    nowhere = "http://127.0.0.1:9/publish/"
    app = create_app(settings_for_tests(sqlite_url, fanout="grip", grip_publish_url=nowhere))
    await app.start()
    token = make_token(app.database)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as c:
        c.headers["Authorization"] = f"Bearer {token}"
        await c.post("/api/v1/blogs", json={"slug": "flood", "title": "Flood"})
        for text in ("One", "Two", "Three"):
            await c.post("/api/v1/blogs/flood/posts", json={"body": text})
        del c.headers["Authorization"]
        yield c
    await app.stop()


async def test_a_stream_is_answered_with_what_was_missed_and_held_from_there(grip_client):
    response = await grip_client.get("/flood/live", headers={"Last-Event-ID": "2"})
    assert response.status_code == 200
    assert response.headers["grip-hold"] == "stream"
    channel, prev = response.headers["grip-channel"].split("; ")
    assert channel.startswith("dateline-blog-") and prev == "prev-id=4"
    assert response.headers["grip-link"] == "</flood/live>; rel=next"
    assert "timeout=5" in response.headers["grip-keep-alive"]  # the heartbeat setting
    body = response.text
    assert body.startswith("retry: 2000")
    assert [line for line in body.splitlines() if line.startswith("id:")] == ["id: 3", "id: 4"]


async def test_the_proxy_recovers_a_gap_by_grip_last(grip_client):
    channel = (await grip_client.get("/flood/live")).headers["grip-channel"].split(";")[0]
    response = await grip_client.get(
        "/flood/live", headers={"Grip-Last": f"{channel}; last-id=3", "Last-Event-ID": "1"}
    )
    assert response.headers["grip-channel"] == f"{channel}; prev-id=4"
    body = response.text
    assert "retry:" not in body  # the reader's stream is open already
    assert [line for line in body.splitlines() if line.startswith("id:")] == ["id: 4"]


async def test_a_new_reader_is_held_from_now(grip_client):
    response = await grip_client.get("/flood/live")
    assert response.headers["grip-channel"].endswith("prev-id=4")
    assert "id:" not in response.text
