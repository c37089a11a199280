"""The forgotten-blog duty runs on the server's timer, as the scheduler does."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from dateline.store.database import utc_now

pytestmark = pytest.mark.anyio


async def test_the_server_ends_a_forgotten_blog_by_itself(app, client, editor):
    made = await client.post(
        "/api/v1/blogs", json={"slug": "quiet", "title": "Quiet", "auto_end_hours": 2},
        headers=editor,
    )  # fmt: skip
    assert made.json()["auto_end_hours"] == 2
    app.database.clock = lambda: utc_now() + timedelta(hours=2, minutes=1)  # two quiet hours on
    for _ in range(100):
        if (await client.get("/api/v1/blogs/quiet")).json()["status"] == "ended":
            break
        await asyncio.sleep(0.1)
    blog = (await client.get("/api/v1/blogs/quiet")).json()
    assert blog["status"] == "ended"
    log = (await client.get("/api/v1/blogs/quiet/changes?after=0")).json()["changes"]
    assert log[-1]["action"] == "end"
