"""The quick path for cached pages (web/connections.py) against the uvicorn this project
is served by: the same answer as the ordinary ASGI path, byte for byte but the date,
for every kind of request that may take it, and no answer out of turn.

If uvicorn changes underneath the quick path, or the server stops taking it, these fail.
"""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from dateline.web import connections
from dateline.web.connections import quick_path_fits
from tests.conftest import settings_for_tests
from tests.live.in_process import Served, served

pytestmark = pytest.mark.anyio


def test_uvicorn_still_has_what_the_quick_path_uses():
    assert quick_path_fits(), "uvicorn changed: see web/connections.py, the quick path is off"


def answered_quickly(site: Served) -> int:
    return site.server.config.http.quick_answers[0]  # type: ignore[union-attr]


async def exchange(site: Served, raw: bytes, answers: int = 1) -> list[tuple[bytes, dict, bytes]]:
    """Send raw request bytes on one connection; read `answers` responses in order."""
    port = int(site.url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(raw)
        got = []
        for _ in range(answers):
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            status, *lines = head.decode("latin-1").rstrip("\r\n").split("\r\n")
            headers = {}
            for line in lines:
                name, _, value = line.partition(": ")
                headers[name.lower()] = value
            length = 0 if b" 304 " in status.encode() else int(headers["content-length"])
            if raw.startswith(b"HEAD"):
                length = 0
            body = await asyncio.wait_for(reader.readexactly(length), 5)
            got.append((status.encode(), headers, body))
        if got and got[-1][1].get("connection") == "close":
            assert await asyncio.wait_for(reader.read(), 5) == b"", "the connection stayed open"
        return got
    finally:
        writer.close()


def request(path: str, *lines: str, method: str = "GET", version: str = "1.1") -> bytes:
    return (f"{method} {path} HTTP/{version}\r\nHost: dateline.test\r\n"
            + "".join(f"{line}\r\n" for line in lines) + "\r\n").encode()  # fmt: skip


async def blog_with_a_page(site: Served, slug: str) -> None:
    await site.new_blog(slug)
    await site.publish(slug, "The ferry is running again; the first crossing left at nine.")
    (warm,) = await exchange(site, request(f"/{slug}/"))  # renders and caches the page
    assert warm[0].endswith(b"200 OK")


@pytest.mark.parametrize(
    "lines",
    [
        (),
        ("Accept-Encoding: gzip",),
        ("Accept-Encoding: gzip, deflate, br",),
        ("Accept-Encoding: br;q=0, gzip",),
    ],
)
async def test_a_cached_page_is_answered_as_the_ordinary_path_answers_it(sqlite_url, lines):
    async with served(settings_for_tests(sqlite_url)) as site:
        await blog_with_a_page(site, "ferry")
        before = answered_quickly(site)
        # An empty query takes the ordinary ASGI path to the very same page.
        (quick,) = await exchange(site, request("/ferry/", *lines))
        (ordinary,) = await exchange(site, request("/ferry/?", *lines))
        assert answered_quickly(site) == before + 1
        assert quick[0] == ordinary[0] == b"HTTP/1.1 200 OK"
        del quick[1]["date"], ordinary[1]["date"]
        assert quick[1] == ordinary[1]
        assert quick[2] == ordinary[2]
        assert quick[1]["etag"] and quick[1]["content-security-policy"]


async def test_a_current_copy_gets_304_and_head_gets_no_body(sqlite_url):
    async with served(settings_for_tests(sqlite_url)) as site:
        await blog_with_a_page(site, "ferry")
        (page,) = await exchange(site, request("/ferry/"))
        etag = page[1]["etag"]
        before = answered_quickly(site)
        (unchanged,) = await exchange(site, request("/ferry/", f"If-None-Match: {etag}"))
        assert unchanged[0] == b"HTTP/1.1 304 Not Modified" and unchanged[2] == b""
        assert unchanged[1]["etag"] == etag and "content-length" not in unchanged[1]
        (head,) = await exchange(site, request("/ferry/", method="HEAD"))
        assert head[0].endswith(b"200 OK")
        assert head[1]["content-length"] == page[1]["content-length"]
        assert answered_quickly(site) == before + 2


async def test_close_is_honoured_and_keep_alive_serves_the_next_request(sqlite_url):
    async with served(settings_for_tests(sqlite_url)) as site:
        await blog_with_a_page(site, "ferry")
        (closing,) = await exchange(site, request("/ferry/", "Connection: close"))
        assert closing[1]["connection"] == "close"
        (old_client,) = await exchange(site, request("/ferry/", version="1.0"))
        assert old_client[1]["connection"] == "close" and old_client[0].endswith(b"200 OK")
        # One connection: quick, ordinary (the API), quick again, all in one write.
        raw = request("/ferry/") + request("/api/v1/blogs/ferry") + request("/ferry/")
        before = answered_quickly(site)
        first, api, last = await exchange(site, raw, answers=3)
        assert first[0].endswith(b"200 OK") and first[1]["content-type"].startswith("text/html")
        assert api[1]["content-type"] == "application/json" and b'"slug":"ferry"' in api[2]
        assert last[2] == first[2]
        assert answered_quickly(site) >= before + 1  # the last one may wait behind the API's


async def test_only_a_current_public_first_page_is_quick(sqlite_url):
    async with served(settings_for_tests(sqlite_url)) as site:
        await blog_with_a_page(site, "ferry")
        (old,) = await exchange(site, request("/ferry/"))
        await site.publish("ferry", "The second crossing is full.")
        before = answered_quickly(site)
        (new,) = await exchange(site, request("/ferry/"))  # not cached yet: rendered
        assert b"second crossing" in new[2] and new[1]["etag"] != old[1]["etag"]
        for path in ("/ferry/?cursor=x", "/nosuch/", "/ferry/%66"):
            await exchange(site, request(path, "Connection: close"))
        (with_body,) = await exchange(site, request("/ferry/", "Content-Length: 0"))
        assert with_body[0].endswith(b"200 OK")
        assert answered_quickly(site) == before
        response = await site.api.patch("/api/v1/blogs/ferry", json={"status": "draft"})
        assert response.status_code == 200, response.text
        (hidden,) = await exchange(site, request("/ferry/"))
        assert hidden[0].endswith(b"404 Not Found")
        assert answered_quickly(site) == before


async def test_with_the_quick_path_off_every_page_goes_through_the_app(sqlite_url):
    settings = dataclasses.replace(settings_for_tests(sqlite_url), quick_path=False)
    async with served(settings) as site:
        await blog_with_a_page(site, "ferry")
        (page,) = await exchange(site, request("/ferry/"))
        assert page[0].endswith(b"200 OK") and answered_quickly(site) == 0


async def test_when_uvicorn_has_changed_the_quick_path_turns_itself_off(
    sqlite_url, monkeypatch, caplog
):
    monkeypatch.setattr(connections, "quick_path_fits", lambda: False)
    async with served(settings_for_tests(sqlite_url)) as site:
        await blog_with_a_page(site, "ferry")
        (page,) = await exchange(site, request("/ferry/"))
        assert page[0].endswith(b"200 OK") and answered_quickly(site) == 0
    assert "the quick path for cached pages is off" in caplog.text
