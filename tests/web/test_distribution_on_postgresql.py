"""Distribution on PostgreSQL: feeds (with a deleted entry and Last-Modified), sitemaps,
site settings and a webhook delivered to a local receiver, as on SQLite."""

from __future__ import annotations

import feedparser
import httpx
import pytest
from standardwebhooks import Webhook

from dateline.domain.roles import Role
from dateline.store import migrate
from dateline.store.database import Database
from dateline.web import create_app
from tests.conftest import make_token, settings_for_tests
from tests.web.test_webhooks import Receiver, wait_for

pytestmark = [pytest.mark.anyio, pytest.mark.postgres]


async def test_feeds_sitemaps_settings_and_webhooks_on_postgresql(postgres_url):
    database = Database(postgres_url)
    migrate.upgrade(database)
    editor = {"Authorization": f"Bearer {make_token(database)}"}
    admin = {"Authorization": f"Bearer {make_token(database, 'ada', Role.ADMIN)}"}
    database.close()
    receiver = Receiver()
    app = create_app(
        settings_for_tests(postgres_url, webhook_seconds=0.05, webhook_private_addresses=True)
    )
    await app.start()
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as c:
            await c.post("/api/v1/blogs", json={"slug": "pg", "title": "PG"}, headers=editor)
            hook = (
                await c.post(
                    "/api/v1/blogs/pg/webhooks", json={"url": receiver.url}, headers=editor
                )
            ).json()
            one = await c.post("/api/v1/blogs/pg/posts", json={"body": "One"}, headers=editor)
            await c.post("/api/v1/blogs/pg/posts", json={"body": "Two"}, headers=editor)
            await c.delete(f"/api/v1/blogs/pg/posts/{one.json()['id']}", headers=editor)
            feed = await c.get("/pg/feed.atom")
            parsed = feedparser.parse(feed.content)
            assert not parsed.bozo
            assert [e.title for e in parsed.entries] == ["Two"]
            assert b"at:deleted-entry" in feed.content
            assert feed.headers["last-modified"].endswith("GMT")
            assert b"/pg/updates/" in (await c.get("/sitemap.xml")).content
            site = await c.patch("/api/v1/site", json={"publisher_name": "PG Post"}, headers=admin)
            assert site.json()["stored"] == ["publisher_name"]
            await wait_for(lambda: len(receiver.received) >= 3)
            payloads = [Webhook(hook["secret"]).verify(b, h) for h, b in receiver.received]
            assert [p["type"] for p in payloads] == [
                "change.publish", "change.publish", "change.delete"]  # fmt: skip
    finally:
        await app.stop()
        receiver.close()
