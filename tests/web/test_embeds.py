"""Embeds through the whole application: publish at once, capture later, cards that last."""

# ruff: noqa: E501

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import httpx
import pytest
from bs4 import BeautifulSoup

from dateline.media.capture import Capturer
from dateline.media.fetch import Fetcher
from dateline.store import captures
from dateline.web import Dateline, create_app
from tests.conftest import make_token, settings_for_tests
from tests.media.pictures import photo_with_gps
from tests.media.site import Reply, Site

pytestmark = pytest.mark.anyio
TWEET = "https://x.com/harbour_desk/status/1764000000000000000"
TWEET_HTML = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">The harbour wall has held through the night '
    '<a href="https://t.co/AbC123xYz">pic.twitter.com/AbC123xYz</a></p>&mdash; Harbour Desk (@harbour_desk) '
    f'<a href="{TWEET}">March 2, 2024</a></blockquote>'
)


def oembed(html: str = TWEET_HTML, **options) -> Reply:
    return Reply(
        body=json.dumps({"html": html}).encode(),
        headers={"Content-Type": "application/json"},
        **options,
    )


@pytest.fixture
def site() -> Iterator[Site]:
    running = Site().start()
    yield running
    running.stop()


def capturer_for(app: Dateline, site: Site, **fetch_options) -> Capturer:
    fetcher = Fetcher(
        user_agent="Dateline/test", allow_loopback=True, total_timeout=5, **fetch_options
    )
    endpoints = {
        k: site.url(f"/oembed/{k}?url={{url}}") for k in ("x", "youtube", "vimeo", "tiktok")
    }
    return Capturer(fetcher, app.media.library.keep_captured, oembed=endpoints)


async def running_app(sqlite_url: str, site: Site, **settings) -> Dateline:
    app = create_app(settings_for_tests(sqlite_url, capture_seconds=0.1, **settings))
    app.media.capture_with(capturer_for(app, site))
    app.media.runner.backoff = (timedelta(seconds=0.2), timedelta(seconds=0.2))
    await app.start()
    return app


@pytest.fixture
async def live(
    sqlite_url, site
) -> AsyncIterator[tuple[Dateline, httpx.AsyncClient, dict[str, str]]]:
    app = await running_app(sqlite_url, site)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as client:
        editor = {"Authorization": f"Bearer {make_token(app.database)}"}
        await client.post("/api/v1/blogs", headers=editor, json={"slug": "storm", "title": "Storm"})
        yield app, client, editor
    await app.stop()


async def publish(client, editor, body: str) -> dict:
    response = await client.post("/api/v1/blogs/storm/posts", headers=editor, json={"body": body})
    assert response.status_code == 201, response.text
    return response.json()


async def until(check, seconds: float = 6.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = await check()
        if found:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError("not in time")


async def block_of(client, editor, post_id: int, index: int = 0) -> dict:
    response = await client.get(f"/api/v1/blogs/storm/posts/{post_id}", headers=editor)
    return response.json()["blocks"][index]


async def test_a_url_alone_on_its_line_becomes_the_recognised_embed(live):
    _app, client, editor = live
    post = await publish(
        client, editor,
        "Three sources:\n\nhttps://mobile.twitter.com/harbour_desk/status/1764000000000000000?s=20&t=x\n\n"
        "https://youtu.be/aB3dE5gH7jK?si=share\n\nhttps://news.example.org/storm?utm_source=feed",
    )  # fmt: skip
    blocks = post["blocks"]
    assert [b["type"] for b in blocks] == ["text", "social", "video", "link"]
    assert blocks[1] == {"type": "social", "url": TWEET, "network": "x"}
    assert blocks[2] == {
        "type": "video",
        "url": "https://www.youtube.com/watch?v=aB3dE5gH7jK",
        "provider": "youtube",
    }
    assert blocks[3] == {"type": "link", "url": "https://news.example.org/storm"}
    structured = await client.post(
        "/api/v1/blogs/storm/posts", headers=editor,
        json={"blocks": [{"type": "social", "url": "https://twitter.com/harbour_desk/status/1764000000000000000"}]},
    )  # fmt: skip
    assert structured.json()["blocks"] == [blocks[1]]


async def test_publishing_answers_at_once_and_the_card_fills_in_later(live, site):
    _app, client, editor = live
    site.replies["/oembed/x"] = oembed(delay=1.5)  # a slow provider
    started = time.monotonic()
    post = await publish(client, editor, TWEET)
    assert time.monotonic() - started < 0.5
    assert post["blocks"][0] == {"type": "social", "url": TWEET, "network": "x"}
    page = (await client.get("/storm/")).text
    assert "View the original post on X" in page  # the plain card while it waits

    async def filled():
        block = await block_of(client, editor, post["id"])
        return block if block.get("author_name") else None

    block = await until(filled)
    assert (block["author_name"], block["handle"]) == ("Harbour Desk", "@harbour_desk")
    assert block["text"] == "The harbour wall has held through the night"
    assert block["captured_at"]
    changes = (await client.get("/api/v1/blogs/storm/changes?after=0")).json()["changes"]
    assert [c["action"] for c in changes][-1] == "edit"  # a Change: open pages redraw the card
    assert "The harbour wall has held through the night" in (await client.get("/storm/")).text


async def test_a_page_is_captured_from_its_metadata_and_its_picture_kept(live, site):
    _app, client, editor = live
    site.replies["/report"] = Reply(
        body=b'<html lang="en"><head><meta property="og:title" content="Flood report">'
        b'<meta property="og:description" content="Water levels fell overnight across the valley.">'
        b'<meta property="og:image" content="/report.jpg"><meta property="og:image:alt" content="A river at dawn">'
        b"</head><body></body></html>",
        headers={"Content-Type": "text/html"},
    )
    site.replies["/report.jpg"] = Reply(
        body=photo_with_gps(900, 600), headers={"Content-Type": "image/jpeg"}
    )
    post = await publish(client, editor, site.url("/report?utm_campaign=x"))

    async def filled():
        block = await block_of(client, editor, post["id"])
        return block if block.get("title") else None

    block = await until(filled)
    assert (block["title"], block["description"]) == (
        "Flood report",
        "Water levels fell overnight across the valley.",
    )
    page = BeautifulSoup((await client.get("/storm/")).text, "html.parser")
    img = page.select_one(".block-link img")
    assert img["src"].startswith("/media/")
    assert (await client.get(img["src"])).status_code == 200


async def test_an_original_deleted_after_capture_still_renders(live, site):
    app, client, editor = live
    site.replies["/oembed/x"] = oembed()
    post = await publish(client, editor, TWEET)

    async def filled():
        return (await block_of(client, editor, post["id"])).get("text")

    await until(filled)
    del site.replies["/oembed/x"]  # the tweet is deleted: its oEmbed answers 404
    again = await client.post(
        f"/api/v1/blogs/storm/posts/{post['id']}/embeds/0/capture", headers=editor
    )
    assert again.status_code == 202

    async def failed():
        jobs = await app.database.read(captures.jobs_for_post, post["id"])
        return jobs[-1].state == "gave_up" and jobs[-1]

    job = await until(failed)
    assert "404" in job.last_error
    page = (await client.get("/storm/")).text
    assert "The harbour wall has held through the night" in page
    assert "Copy kept by the newsroom" in page


async def test_a_failed_capture_is_retried_until_it_works(live, site):
    _app, client, editor = live
    attempts = []

    def flaky(path: str) -> Reply:
        attempts.append(path)
        return Reply(503, b"busy") if len(attempts) == 1 else oembed()

    site.replies["/oembed/x"] = flaky
    post = await publish(client, editor, TWEET)

    async def filled():
        return (await block_of(client, editor, post["id"])).get("text")

    await until(filled)
    assert len(attempts) == 2


async def test_a_url_that_resolves_to_a_private_address_is_never_fetched(sqlite_url, site):
    app = create_app(settings_for_tests(sqlite_url, capture_seconds=0.1))

    async def resolver(host: str, port: int) -> list[str]:
        return {"intranet.example": ["10.1.2.3"], "fixture.example": ["127.0.0.1"]}[host]

    app.media.capture_with(capturer_for(app, site, resolver=resolver))
    app.media.runner.backoff = ()
    await app.start()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as client:
        editor = {"Authorization": f"Bearer {make_token(app.database)}"}
        await client.post("/api/v1/blogs", headers=editor, json={"slug": "storm", "title": "Storm"})
        post = await publish(
            client,
            editor,
            "http://intranet.example/admin\n\nhttp://169.254.169.254/latest/meta-data/",
        )

        async def settled():
            jobs = await app.database.read(captures.jobs_for_post, post["id"])
            return len(jobs) == 2 and all(j.state == "gave_up" for j in jobs) and jobs

        jobs = await until(settled)
    await app.stop()
    assert "10.1.2.3 is a private address" in jobs[0].last_error
    assert "169.254.169.254 is a link-local address" in jobs[1].last_error
    assert site.seen == []


async def test_a_queued_capture_survives_a_restart(sqlite_url, site):
    site.replies["/oembed/x"] = oembed()
    stopped = create_app(settings_for_tests(sqlite_url))  # capture off: nothing runs
    await stopped.start()
    transport = httpx.ASGITransport(app=stopped)
    async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as client:
        editor = {"Authorization": f"Bearer {make_token(stopped.database)}"}
        await client.post("/api/v1/blogs", headers=editor, json={"slug": "storm", "title": "Storm"})
        post = await publish(client, editor, TWEET)
    await stopped.stop()
    assert site.seen == []

    app = await running_app(sqlite_url, site)  # the next start picks the job up
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as client:

        async def filled():
            return (await block_of(client, editor, post["id"])).get("text")

        assert await until(filled) == "The harbour wall has held through the night"
    await app.stop()


async def test_editors_see_each_embed_and_fill_or_correct_its_snapshot(live, site):
    _app, client, editor = live
    site.replies["/oembed/x"] = Reply(500, b"down")
    post = await publish(client, editor, f"Lead paragraph.\n\n{TWEET}")
    embeds_url = f"/api/v1/blogs/storm/posts/{post['id']}/embeds"

    async def failed():
        listed = (await client.get(embeds_url, headers=editor)).json()
        return listed["items"][0]["status"] == "failed" and listed

    listed = await until(failed)
    [embed] = listed["items"]
    assert (embed["index"], embed["type"], embed["capture"]["state"]) == (1, "social", "gave_up")
    assert "answered 500" in embed["capture"]["last_error"]

    fields = {
        "author_name": "Harbour Desk",
        "handle": "@harbour_desk",
        "text": "الجدار صامد",
        "lang": "ar",
        "posted_at": "2024-03-02",
    }
    corrected = await client.patch(
        f"{embeds_url}/1", headers=editor, json={"version": listed["version"], **fields}
    )
    assert corrected.status_code == 200, corrected.text
    block = corrected.json()["blocks"][1]
    assert (block["text"], block["lang"], block["posted_at"]) == ("الجدار صامد", "ar", "2024-03-02")
    page = BeautifulSoup((await client.get("/storm/")).text, "html.parser")
    quote = page.select_one(".block-social blockquote")
    assert (quote["lang"], quote["dir"]) == ("ar", "rtl")
    assert page.select_one(".block-social time")["datetime"] == "2024-03-02"

    stale = await client.patch(
        f"{embeds_url}/1", headers=editor, json={"version": listed["version"], "text": "x"}
    )
    assert stale.status_code == 409
    wrong = await client.patch(
        f"{embeds_url}/1",
        headers=editor,
        json={"version": corrected.json()["version"], "colour": "red"},
    )
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["field"] == "colour"
    not_embed = await client.patch(
        f"{embeds_url}/0",
        headers=editor,
        json={"version": corrected.json()["version"], "text": "x"},
    )
    assert not_embed.status_code == 422


async def test_a_tweet_in_its_text_form_in_a_body_becomes_its_snapshot(live):
    _app, client, editor = live
    post = await publish(
        client, editor,
        "A resident writes:\n\nالماء وصل إلى الطابق الثاني pic.twitter.com/Qw3rTy9\n— Sami Reporter (@sami_reports) December 9, 2016",
    )  # fmt: skip
    social = post["blocks"][1]
    assert (social["type"], social["author_name"], social["handle"]) == (
        "social",
        "Sami Reporter",
        "@sami_reports",
    )
    assert (social["lang"], social["dir"], social["posted_at"]) == ("ar", "rtl", "2016-12-09")


async def test_pages_with_every_kind_of_embed_are_valid_html(live, site):
    from tests.markup import html_errors
    from tests.web.test_media_api import upload

    _app, client, editor = live
    item = (await upload(client, editor, photo_with_gps(900, 600))).json()
    kept = {"url": "https://img.example/a.jpg", "alt": "A quay", "media_id": item["id"],
            "file": item["url"].rsplit("/", 1)[1], "width": 640, "height": 427}  # fmt: skip
    post = await client.post(
        "/api/v1/blogs/storm/posts", headers=editor,
        json={"blocks": [
            {"type": "social", "url": TWEET, "author_name": "Harbour Desk", "handle": "@harbour_desk",
             "text": "Line one\nline two\n\nSecond paragraph", "posted_at": "2016-12-12", "media": [kept, {"url": "https://img.example/b.jpg"}],
             "captured_at": "2026-11-30T09:00:00Z"},
            {"type": "social", "url": "https://bsky.app/profile/a.bsky.social/post/3kq2vbh7xyz2a"},
            {"type": "video", "url": "https://youtu.be/aB3dE5gH7jK", "title": "Dawn", "media": [kept]},
            {"type": "video", "url": "https://vimeo.com/76979871"},
            {"type": "link", "url": "https://news.example.org/a", "title": "A guide", "media": [kept]},
            {"type": "link", "url": "https://news.example.org/b"},
            {"type": "image", "media_id": item["id"], "caption": "The quay", "credit": "Desk"},
        ]},
    )  # fmt: skip
    assert post.status_code == 201, post.text
    documents = {
        "blog page": (await client.get("/storm/")).text,
        "update page": (await client.get(f"/storm/updates/{post.json()['id']}")).text,
    }
    assert html_errors(documents) == []
