"""The direct-write seam (live/direct.py) against the uvicorn this project is served by.

If uvicorn changes the internals the seam relies on, or the hub stops using the
seam, these tests fail; readers meanwhile fall back to the portable ASGI path.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
import pytest
from uvicorn.protocols.http.httptools_impl import RequestResponseCycle

from dateline.live import direct
from dateline.live import hub as hub_module
from tests.conftest import settings_for_tests

from .in_process import readers_of, served

pytestmark = pytest.mark.anyio


async def _frames(response: httpx.Response, count: int) -> AsyncIterator[str]:
    """Yield the `id:` of each event as it arrives, `count` of them."""
    seen = 0
    async for line in response.aiter_lines():
        if line.startswith("id: "):
            yield line.removeprefix("id: ")
            seen += 1
            if seen == count:
                return


@pytest.mark.parametrize("http", ["httptools", "h11"])
async def test_live_frames_go_straight_to_the_socket_under_uvicorn(sqlite_url, monkeypatch, http):
    stepped: list[dict] = []
    portable = hub_module.try_send

    def spy(send, message):
        stepped.append(message)
        return portable(send, message)

    async with served(settings_for_tests(sqlite_url), http=http) as site:
        channel = await site.new_blog("tide")
        async with (
            httpx.AsyncClient(timeout=10) as client,
            client.stream("GET", f"{site.url}/tide/live") as response,
        ):
            assert response.status_code == 200
            (reader,) = await readers_of(channel, 1)
            # uvicorn's own `send` reached the hub, and the seam accepted its connection.
            assert reader.direct is not None, "uvicorn's internals changed: see live/direct.py"
            assert reader.direct.transport is reader.send.__self__.transport  # type: ignore[attr-defined]
            monkeypatch.setattr(hub_module, "try_send", spy)
            seqs = [await site.publish("tide", f"High water, reading {i}.") for i in range(3)]
            got = [seq async for seq in _frames(response, 3)]
            assert got == [str(s) for s in seqs]
            assert stepped == [], "the hub bypassed the seam and stepped `send`"
            monkeypatch.undo()


async def test_with_direct_writes_off_every_frame_goes_through_send(sqlite_url):
    settings = dataclasses.replace(settings_for_tests(sqlite_url), direct_writes=False)
    async with served(settings) as site:
        channel = await site.new_blog("ebb")
        async with (
            httpx.AsyncClient(timeout=10) as client,
            client.stream("GET", f"{site.url}/ebb/live") as response,
        ):
            (reader,) = await readers_of(channel, 1)
            assert reader.direct is None
            seq = await site.publish("ebb", "Low water.")
            assert [s async for s in _frames(response, 1)] == [str(seq)]


async def test_the_seam_steps_aside_for_anything_but_uvicorns_own_send():
    async def asgi_send(message: dict) -> None:
        pass

    class Wrapper:  # what a middleware's `send` looks like: not uvicorn's method
        async def send(self, message: dict) -> None:
            pass

    assert direct.connect(asgi_send) is None
    assert direct.connect(Wrapper().send) is None
    # A uvicorn request cycle that is not as expected (here: no state at all).
    bare = object.__new__(RequestResponseCycle)
    assert direct.connect(bare.send) is None


def test_a_chunk_is_framed_as_http_chunked_encoding():
    assert direct.chunk(b"data: x\n\n") == b"9\r\ndata: x\n\n\r\n"
    assert direct.chunk(b"a" * 4096) == b"1000\r\n" + b"a" * 4096 + b"\r\n"
