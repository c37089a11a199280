"""The poll interval rises by itself when the server is loaded (its event loop lags)."""

from __future__ import annotations

import time

import anyio
import pytest

pytestmark = pytest.mark.anyio


async def test_polling_clients_are_told_to_wait_longer_while_the_loop_lags(app, client, editor):
    created = await client.post(
        "/api/v1/blogs", json={"slug": "load", "title": "Load"}, headers=editor
    )
    assert created.status_code == 201
    await client.patch("/api/v1/blogs/load", json={"status": "live"}, headers=editor)
    normal = app.settings.poll_interval
    # Start from a calm loop (on a machine busy with other work it may lag already).
    app.hub.pressure.lag = 0.0
    calm = (await client.get("/api/v1/blogs/load/changes")).json()
    assert calm["poll_after_s"] == normal
    await anyio.sleep(app.hub.pressure.interval * 0.5)
    time.sleep(2.5)  # the loop is stuck, as under a burst of work: every waiter wakes late
    await anyio.sleep(0.05)
    busy = await client.get("/api/v1/blogs/load/changes")
    assert busy.json()["poll_after_s"] >= 2 * normal
    assert f"max-age={int(busy.json()['poll_after_s'])}" in busy.headers["cache-control"]
