"""The application on PostgreSQL: the same API, page and change log as on SQLite."""

from __future__ import annotations

import anyio
import httpx
import pytest

from dateline.store import migrate
from dateline.store.database import Database
from dateline.web import create_app
from tests.conftest import make_token, settings_for_tests

pytestmark = [pytest.mark.anyio, pytest.mark.postgres]


@pytest.fixture
async def pg_client(postgres_url):
    database = Database(postgres_url)
    migrate.upgrade(database)  # on PostgreSQL, serve never migrates by itself
    token = make_token(database)
    database.close()
    app = create_app(settings_for_tests(postgres_url))
    await app.start()
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=headers) as c:
        yield c
    await app.stop()


async def test_the_newsroom_flow_on_postgresql(pg_client):
    assert (
        await pg_client.post("/api/v1/blogs", json={"slug": "pg", "title": "PG"})
    ).status_code == 201
    first = (await pg_client.post("/api/v1/blogs/pg/posts", json={"body": "One"})).json()
    await pg_client.post("/api/v1/blogs/pg/posts", json={"body": "Two"})
    edited = await pg_client.patch(
        f"/api/v1/blogs/pg/posts/{first['id']}", json={"version": 1, "body": "One, corrected"}
    )
    assert edited.status_code == 200
    stale = await pg_client.patch(
        f"/api/v1/blogs/pg/posts/{first['id']}", json={"version": 1, "body": "lost"}
    )
    assert stale.status_code == 409
    log = (await pg_client.get("/api/v1/blogs/pg/changes?after=0")).json()
    assert [(c["seq"], c["action"]) for c in log["changes"]] == [
        (1, "blog"), (2, "publish"), (3, "publish"), (4, "edit"),
    ]  # fmt: skip
    await anyio.sleep(0.05)
    page = await pg_client.get("/pg/")
    assert page.status_code == 200
    assert "One, corrected" in page.text


async def test_serve_refuses_an_unmigrated_postgresql_database(postgres_url):
    app = create_app(settings_for_tests(postgres_url))
    with pytest.raises(RuntimeError, match="dateline db upgrade"):
        await app.start()
    app.database.close()
