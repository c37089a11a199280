"""The app served by uvicorn, configured as `dateline serve` does, inside the test's event loop.

The subprocess `server` fixture is the real thing from outside; this one lets a
test look at the hub while real HTTP connections come and go.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import anyio
import httpx
import uvicorn

from dateline.cli import server_config
from dateline.live.hub import Channel, Reader
from dateline.settings import Settings
from dateline.web import create_app
from dateline.web.app import Dateline
from tests.conftest import free_port, make_token


@dataclass
class Served:
    app: Dateline
    url: str
    api: httpx.AsyncClient
    server: uvicorn.Server

    async def new_blog(self, slug: str) -> Channel:
        response = await self.api.post("/api/v1/blogs", json={"slug": slug, "title": slug})
        assert response.status_code == 201, response.text
        return await self.app.hub.channel(slug)

    async def publish(self, slug: str, body: str) -> int:
        response = await self.api.post(f"/api/v1/blogs/{slug}/posts", json={"body": body})
        assert response.status_code == 201, response.text
        return int(response.json()["seq"])


async def readers_of(channel: Channel, count: int) -> list[Reader]:
    """The channel's live readers, once `count` of them have joined."""
    with anyio.fail_after(5):
        while len(channel.readers) < count:
            await anyio.sleep(0.01)
    return list(channel.readers)


@asynccontextmanager
async def served(settings: Settings, *, http: str | None = None) -> AsyncIterator[Served]:
    """`dateline serve`'s uvicorn configuration on a free port (`http` to try another parser)."""
    settings = dataclasses.replace(settings, port=free_port())
    app = create_app(settings)
    config = server_config(app, settings)
    if http is not None:
        config.http = http
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        with anyio.fail_after(10):
            while not server.started:
                await anyio.sleep(0.01)
        headers = {"Authorization": f"Bearer {make_token(app.database)}"}
        url = f"http://127.0.0.1:{settings.port}"
        async with httpx.AsyncClient(base_url=url, headers=headers, timeout=10) as api:
            yield Served(app, url, api, server)
    finally:
        server.should_exit = True
        await task
