"""The composer's API: the preview (what readers will see, and the blocks to publish),
an update's Markdown for editing with what an edit changes, and the soft locks."""

from __future__ import annotations

import httpx
import pytest

from dateline.domain.roles import Role
from dateline.store import members
from tests.conftest import make_token

pytestmark = pytest.mark.anyio


@pytest.fixture
async def blog(client, editor) -> str:
    response = await client.post(
        "/api/v1/blogs", json={"slug": "flood", "title": "Flood"}, headers=editor
    )
    assert response.status_code == 201, response.text
    return "flood"


async def test_the_preview_renders_the_markdown_as_readers_see_it_and_writes_nothing(
    client, editor, blog
):
    body = "The river is **rising**.\n\n> Leave now.\n>\n> — The mayor"
    response = await client.post("/api/v1/blogs/flood/preview", json={"body": body}, headers=editor)
    assert response.status_code == 200, response.text
    shown = response.json()
    assert "<strong>rising</strong>" in shown["html"]
    assert "The mayor" in shown["html"]
    assert [b["type"] for b in shown["blocks"]] == ["text", "quote"]
    # What the preview answers is what a publish takes.
    published = await client.post(
        "/api/v1/blogs/flood/posts", json={"blocks": shown["blocks"]}, headers=editor
    )
    assert published.status_code == 201
    assert published.json()["blocks"] == shown["blocks"]
    log = (await client.get("/api/v1/blogs/flood/changes?after=0")).json()
    assert [c["action"] for c in log["changes"]] == ["blog", "publish"]


async def test_an_empty_preview_names_the_body(client, editor, blog):
    response = await client.post("/api/v1/blogs/flood/preview", json={"body": "  "}, headers=editor)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "body"


async def test_the_preview_needs_a_token(client, blog):
    response = await client.post("/api/v1/blogs/flood/preview", json={"body": "x"})
    assert response.status_code == 401


async def test_editing_keeps_a_captured_embed_and_shows_what_changed(client, editor, blog):
    tweet = {
        "type": "social", "url": "https://x.com/harbour/status/123", "author_name": "Harbour",
        "handle": "@harbour", "text": "Gates closed.", "captured_at": "2026-11-30T20:00:00Z",
    }  # fmt: skip
    made = await client.post(
        "/api/v1/blogs/flood/posts",
        json={"blocks": [{"type": "text", "html": "<p>Water at the quay.</p>"}, tweet]},
        headers=editor,
    )
    post = made.json()
    source = await client.get(f"/api/v1/blogs/flood/posts/{post['id']}/source", headers=editor)
    assert source.json() == {
        "id": post["id"], "version": 1, "status": "published",
        "markdown": "Water at the quay.\n\nhttps://x.com/harbour/status/123",
    }  # fmt: skip
    edited = "Water over the quay.\n\nhttps://x.com/harbour/status/123"
    shown = await client.post(
        "/api/v1/blogs/flood/preview",
        json={"body": edited, "edit_of": post["id"]},
        headers=editor,
    )
    answer = shown.json()
    assert answer["blocks"][1]["text"] == "Gates closed."  # the snapshot, not a bare URL
    assert answer["changed"] is True
    assert {"op": "removed", "text": "Water at the quay."} in answer["diff"]
    assert {"op": "added", "text": "Water over the quay."} in answer["diff"]
    assert {"op": "same", "text": "https://x.com/harbour/status/123"} in answer["diff"]
    unchanged = await client.post(
        "/api/v1/blogs/flood/preview",
        json={"body": source.json()["markdown"], "edit_of": post["id"]},
        headers=editor,
    )
    assert unchanged.json()["changed"] is False


async def test_a_contributor_cannot_read_the_source_of_someone_elses_draft(
    client, app, editor, blog
):
    draft = await client.post(
        "/api/v1/blogs/flood/posts", json={"body": "Not yet", "status": "draft"}, headers=editor
    )
    other = make_token(app.database, "cora", Role.CONTRIBUTOR)
    app.database.run_write(members.add_to_blog, blog, "cora", "tests")
    response = await client.get(
        f"/api/v1/blogs/flood/posts/{draft.json()['id']}/source",
        headers={"Authorization": f"Bearer {other}"},
    )
    assert response.status_code == 404


async def test_a_soft_lock_tells_the_second_editor_who_is_editing_and_is_released(
    client, app, editor, blog
):
    post = (
        await client.post("/api/v1/blogs/flood/posts", json={"body": "A"}, headers=editor)
    ).json()
    second = {"Authorization": f"Bearer {make_token(app.database, 'ed2', Role.EDITOR)}"}
    app.database.run_write(members.add_to_blog, blog, "ed2", "tests")
    lock_url = f"/api/v1/blogs/flood/posts/{post['id']}/lock"

    mine = await client.put(lock_url, headers=editor)
    theirs = await client.put(lock_url, headers=second)

    assert mine.json()["mine"] is True
    assert theirs.json() | {"since": None} == {
        "post_id": post["id"], "holder": "edna", "since": None, "mine": False,
    }  # fmt: skip
    listed = (await client.get("/api/v1/blogs/flood/locks", headers=second)).json()
    assert [(lock["post_id"], lock["holder"]) for lock in listed["items"]] == [(post["id"], "edna")]
    assert (await client.delete(lock_url, headers=second)).status_code == 204  # not theirs: kept
    assert len((await client.get("/api/v1/blogs/flood/locks", headers=second)).json()["items"]) == 1
    assert (await client.delete(lock_url, headers=editor)).status_code == 204
    assert (await client.get("/api/v1/blogs/flood/locks", headers=second)).json()["items"] == []


async def test_an_editor_on_another_node_sees_the_lock(sqlite_url, blog, editor):
    """Two servers on one database, as two nodes: the lock taken on one is seen on the
    other, and the second editor there is told, not given it."""
    from dateline.web import create_app
    from tests.conftest import settings_for_tests

    nodes = [create_app(settings_for_tests(sqlite_url)) for _ in range(2)]
    for node in nodes:
        await node.start()
    try:
        database = nodes[0].database
        edna = editor  # the blog's own editor, who made it
        ed2 = {"Authorization": f"Bearer {make_token(database, 'ed2', Role.EDITOR)}"}
        database.run_write(members.add_to_blog, blog, "ed2", "tests")
        first, second = (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=n), base_url="http://dateline.test")
            for n in nodes
        )
        async with first, second:
            post = (
                await first.post("/api/v1/blogs/flood/posts", json={"body": "A"}, headers=edna)
            ).json()
            lock_url = f"/api/v1/blogs/flood/posts/{post['id']}/lock"
            assert (await first.put(lock_url, headers=edna)).json()["mine"] is True
            told = (await second.put(lock_url, headers=ed2)).json()
            assert (told["holder"], told["mine"]) == ("edna", False)
            listed = (await second.get("/api/v1/blogs/flood/locks", headers=ed2)).json()
            assert [lock["holder"] for lock in listed["items"]] == ["edna"]
            assert (await first.delete(lock_url, headers=edna)).status_code == 204
            assert (await second.put(lock_url, headers=ed2)).json()["mine"] is True
    finally:
        for node in nodes:
            await node.stop()
