"""How the app is assembled: nothing may wrap `send` on the stream path.

The hub writes to every reader through the server's own `send` and, under
uvicorn, straight to its connection (live/direct.py). A middleware wrapping
`send` in front of the stream would turn each write into awaited work, break
the drop of slow readers and switch the direct writes off. The rule is written
in `Dateline.__call__`; these tests fail if it is broken, whether the wrapper is
added inside the app, around what `create_app` returns, or where `dateline
serve` hands the app to uvicorn.
"""

from __future__ import annotations

import asyncio
from typing import Any

import anyio
import pytest
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from dateline.cli import server_config
from dateline.store import blog_commands
from dateline.web import create_app
from tests.conftest import EDITOR, settings_for_tests

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("base_url", ["http://dateline.test", "http://dateline.test/live-news"])
async def test_the_stream_is_handed_the_servers_own_send(sqlite_url, base_url):
    app = create_app(settings_for_tests(sqlite_url, base_url=base_url))
    await app.start()
    try:
        channel = await app.hub.channel(await _new_blog(app))
        leave = anyio.Event()

        async def receive() -> dict[str, Any]:
            await leave.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            pass

        root = app.urls.root
        scope = {
            "type": "http", "method": "GET", "path": f"{root}/{channel.blog.slug}/live",
            "query_string": b"", "headers": [], "http_version": "1.1", "scheme": "http",
            "root_path": "",
        }  # fmt: skip
        task = asyncio.create_task(app(scope, receive, send))
        with anyio.fail_after(5):
            while not channel.readers:
                await anyio.sleep(0.01)
        (reader,) = channel.readers
        assert reader.send is send, "something wraps `send` in front of the stream"
        leave.set()
        with anyio.fail_after(5):
            await task
    finally:
        await app.stop()


def test_dateline_serve_gives_uvicorn_the_app_itself(sqlite_url):
    settings = settings_for_tests(sqlite_url)
    app = create_app(settings)
    config = server_config(app, settings)
    assert config.app is app
    # httptools (with this server's deadlines: web/connections.py), the parser
    # live/direct.py is tested against first.
    assert isinstance(config.http, type) and issubclass(config.http, HttpToolsProtocol)


async def _new_blog(app: Any) -> str:
    await app.database.write(blog_commands.create_blog, {"slug": "quay", "title": "Quay"}, EDITOR)
    return "quay"
