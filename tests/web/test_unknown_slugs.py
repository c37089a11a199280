"""Unknown blog slugs cost no database read after the first, until such a blog exists."""

from __future__ import annotations

import pytest
from sqlalchemy import event

pytestmark = pytest.mark.anyio


@pytest.fixture
def statements(app) -> list[str]:
    """Every SQL statement the app's readers run that looks a blog up by its slug
    (observed on the real engine; the periodic sweep reads ids, not slugs)."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        if "slug =" in statement:
            seen.append(statement)

    event.listen(app.database.read_engine, "before_cursor_execute", record)
    yield seen
    event.remove(app.database.read_engine, "before_cursor_execute", record)


async def test_asking_again_for_a_blog_that_does_not_exist_reads_nothing(
    client, editor, statements
):
    for path in ("/nowhere/", "/nowhere/live", "/api/v1/blogs/nowhere/changes"):
        assert (await client.get(path)).status_code == 404
    first = len(statements)
    assert first > 0
    for _ in range(20):
        for path in ("/nowhere/", "/nowhere/live", "/api/v1/blogs/nowhere/changes"):
            assert (await client.get(path)).status_code == 404
    assert len(statements) == first


async def test_a_blog_created_after_it_was_asked_for_is_found_at_once(client, editor):
    assert (await client.get("/soon/")).status_code == 404
    created = await client.post(
        "/api/v1/blogs", json={"slug": "soon", "title": "Soon"}, headers=editor
    )
    assert created.status_code == 201
    await client.patch("/api/v1/blogs/soon", json={"status": "live"}, headers=editor)
    assert (await client.get("/soon/")).status_code == 200


async def test_the_memory_of_unknown_slugs_is_bounded(app, client):
    app.hub.unknown.size = 50
    for i in range(200):
        assert (await client.get(f"/missing-{i}/")).status_code == 404
    assert len(app.hub.unknown) == 50
