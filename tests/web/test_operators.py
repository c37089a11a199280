"""For operators: /ready, /metrics, request ids and JSON log lines."""

from __future__ import annotations

import json
import logging

import pytest

from dateline.logs import REQUEST_ID, JsonFormatter
from dateline.web import create_app
from tests.conftest import settings_for_tests

pytestmark = pytest.mark.anyio


async def test_ready_says_the_database_and_the_broadcast_answer(client):
    response = await client.get("/ready")
    assert response.status_code == 200
    assert response.json() | {"node": "x"} == {
        "ready": True, "database": True, "broadcast": True, "node": "x",
    }  # fmt: skip
    assert response.headers["cache-control"] == "no-store"


async def test_ready_is_503_while_the_broadcast_is_unreachable(sqlite_url):
    import httpx

    settings = settings_for_tests(sqlite_url, broadcast_url="redis://127.0.0.1:1/0")
    app = create_app(settings)
    await app.start()
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as c:
            response = await c.get("/ready")
            assert (await c.get("/health")).status_code == 200  # alive, but not ready
    finally:
        await app.stop()
    assert response.status_code == 503
    assert response.json()["broadcast"] is False
    assert response.json()["database"] is True


async def test_metrics_count_readers_fan_out_and_the_pool(client, editor, app):
    await client.post("/api/v1/blogs", json={"slug": "quake", "title": "Quake"}, headers=editor)
    await client.get("/api/v1/blogs/quake/changes?after=0")  # the hub now follows the blog
    await client.post("/api/v1/blogs/quake/posts", json={"body": "Tremor"}, headers=editor)
    for _ in range(50):
        text = (await client.get("/metrics")).text
        if 'dateline_changes_fanned_out_total{node="' in text and "} 1.0" in text:
            break
    response = await client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = response.text
    node = app.settings.node
    assert f'dateline_changes_fanned_out_total{{node="{node}"}} 1.0' in text
    assert f'dateline_readers{{blog="quake",node="{node}"}} 0.0' in text
    assert f'dateline_readers_dropped_total{{node="{node}"}} 0.0' in text
    assert f'dateline_db_pool_size{{node="{node}",pool="write"}}' in text
    assert "dateline_fanout_seconds_bucket" in text
    assert "dateline_publish_to_fanout_seconds_count" in text


async def test_every_api_answer_carries_a_request_id(client):
    mine = await client.get("/api/v1/blogs", headers={"X-Request-ID": "edge-42.a"})
    assert mine.headers["x-request-id"] == "edge-42.a"
    made = await client.get("/api/v1/blogs", headers={"X-Request-ID": "no spaces\tor tabs"})
    assert len(made.headers["x-request-id"]) == 32
    assert (
        made.headers["x-request-id"] != (await client.get("/api/v1/blogs")).headers["x-request-id"]
    )


def test_a_json_log_line_carries_the_request_id_and_nothing_else_of_the_request():
    token = REQUEST_ID.set("req-7")
    try:
        record = logging.LogRecord(
            "dateline.web", logging.WARNING, __file__, 1, "slow %s", ("x",), None
        )
        line = json.loads(JsonFormatter().format(record))
    finally:
        REQUEST_ID.reset(token)
    assert line["request_id"] == "req-7"
    assert line["message"] == "slow x"
    assert line["level"] == "warning"
    assert set(line) == {"time", "level", "logger", "message", "request_id"}
