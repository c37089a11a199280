"""The updates API: publish, edit with versions, delete, pin, key events, pages, revisions."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.anyio


@pytest.fixture
async def blog(client, editor) -> str:
    response = await client.post(
        "/api/v1/blogs", json={"slug": "quake", "title": "Quake"}, headers=editor
    )
    assert response.status_code == 201
    return "quake"


async def publish(client, editor, body: str, **extra) -> dict:
    response = await client.post(
        "/api/v1/blogs/quake/posts", json={"body": body, **extra}, headers=editor
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_the_newsroom_flow_leaves_a_gap_free_change_log(client, editor, blog):
    """Create, publish three, edit, edit with a stale version, delete: changes 1..N in order."""
    posts = [await publish(client, editor, f"Update number {i}") for i in range(3)]
    assert [p["seq"] for p in posts] == [2, 3, 4]
    first = posts[0]
    edited = await client.patch(
        f"/api/v1/blogs/quake/posts/{first['id']}",
        json={"version": 1, "body": "Corrected"},
        headers=editor,
    )
    assert edited.status_code == 200
    assert edited.json()["version"] == 2
    stale = await client.patch(
        f"/api/v1/blogs/quake/posts/{first['id']}",
        json={"version": 1, "body": "Lost edit"},
        headers=editor,
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    deleted = await client.delete(f"/api/v1/blogs/quake/posts/{posts[1]['id']}", headers=editor)
    assert deleted.status_code == 200
    assert deleted.json()["status"] == "deleted"

    log = (await client.get("/api/v1/blogs/quake/changes?after=0")).json()
    assert [(c["seq"], c["action"], c.get("post_id")) for c in log["changes"]] == [
        (1, "blog", None),
        (2, "publish", posts[0]["id"]),
        (3, "publish", posts[1]["id"]),
        (4, "publish", posts[2]["id"]),
        (5, "edit", first["id"]),
        (6, "delete", posts[1]["id"]),
    ]
    assert log["last_seq"] == 6
    current = (await client.get(f"/api/v1/blogs/quake/posts/{first['id']}")).json()
    assert current["blocks"] == [{"type": "text", "html": "<p>Corrected</p>"}]


async def test_markdown_bodies_become_blocks_and_blocks_are_accepted_as_they_are(
    client, editor, blog
):
    post = await publish(
        client,
        editor,
        "Intro **bold**\n\n> We will rebuild.\n> — The mayor\n\nhttps://example.org/x",
    )
    assert [b["type"] for b in post["blocks"]] == ["text", "quote", "link"]
    assert post["blocks"][1]["attribution"] == "The mayor"
    structured = await client.post(
        "/api/v1/blogs/quake/posts",
        json={
            "blocks": [
                {
                    "type": "social",
                    "url": "https://social.example/p/1",
                    "author_name": "Rami",
                    "handle": "@rami",
                    "text": "نحن بخير",
                    "lang": "ar",
                }
            ]
        },
        headers=editor,
    )
    assert structured.status_code == 201
    assert structured.json()["blocks"][0]["lang"] == "ar"


async def test_each_bad_block_field_is_named_with_its_position(client, editor, blog):
    response = await client.post(
        "/api/v1/blogs/quake/posts",
        json={
            "blocks": [
                {"type": "text", "html": "<p>ok</p>"},
                {"type": "image", "url": "javascript:alert(1)"},
            ]
        },
        headers=editor,
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"blocks[1].url", "blocks[1].alt"}


async def test_user_html_is_sanitised_before_it_is_stored(client, editor, blog):
    post = await publish(
        client,
        editor,
        'Hi <img src=x onerror=alert(1)><script>steal()</script> <a href="javascript:x">x</a>',
    )
    html = post["blocks"][0]["html"]
    assert "script" not in html and "onerror" not in html and "javascript" not in html


async def test_an_empty_update_is_refused_and_nothing_is_written(client, editor, blog):
    response = await client.post("/api/v1/blogs/quake/posts", json={}, headers=editor)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "body"
    assert (await client.get("/api/v1/blogs/quake")).json()["last_seq"] == 1


async def test_pages_follow_the_cursor_and_stay_correct_while_updates_arrive(client, editor, blog):
    ids = [(await publish(client, editor, f"u{i}"))["id"] for i in range(5)]
    first = (await client.get("/api/v1/blogs/quake/posts?limit=2")).json()
    assert [p["id"] for p in first["items"]] == [ids[4], ids[3]]
    await publish(client, editor, "breaking: arrives between pages")
    second = (
        await client.get(f"/api/v1/blogs/quake/posts?limit=2&cursor={first['next_cursor']}")
    ).json()
    assert [p["id"] for p in second["items"]] == [ids[2], ids[1]]
    third = (
        await client.get(f"/api/v1/blogs/quake/posts?limit=2&cursor={second['next_cursor']}")
    ).json()
    assert [p["id"] for p in third["items"]] == [ids[0]]
    assert third["next_cursor"] is None
    oldest = (await client.get("/api/v1/blogs/quake/posts?limit=2&order=oldest")).json()
    assert [p["id"] for p in oldest["items"]] == [ids[0], ids[1]]


async def test_a_forged_cursor_is_a_422_naming_the_cursor(client, blog):
    response = await client.get("/api/v1/blogs/quake/posts?cursor=not-a-cursor")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "cursor"


async def test_pinning_one_update_unpins_the_other(client, editor, blog):
    a = await publish(client, editor, "A")
    b = await publish(client, editor, "B")
    assert (await client.put(f"/api/v1/blogs/quake/posts/{a['id']}/pin", headers=editor)).json()[
        "pinned"
    ]
    await client.put(f"/api/v1/blogs/quake/posts/{b['id']}/pin", headers=editor)
    assert not (await client.get(f"/api/v1/blogs/quake/posts/{a['id']}")).json()["pinned"]
    actions = [
        c["action"]
        for c in (await client.get("/api/v1/blogs/quake/changes?after=3")).json()["changes"]
    ]
    assert actions == ["pin", "unpin", "pin"]


async def test_key_events_are_marked_and_cleared(client, editor, blog):
    post = await publish(client, editor, "Bridge closed")
    marked = await client.put(
        f"/api/v1/blogs/quake/posts/{post['id']}/key-event",
        json={"title": "Bridge closes"},
        headers=editor,
    )
    assert marked.json()["key_event"] == "Bridge closes"
    cleared = await client.delete(
        f"/api/v1/blogs/quake/posts/{post['id']}/key-event", headers=editor
    )
    assert cleared.json()["key_event"] is None


async def test_revisions_keep_every_version_for_the_desk_only(client, editor, blog):
    post = await publish(client, editor, "First take")
    await client.patch(
        f"/api/v1/blogs/quake/posts/{post['id']}",
        json={"version": 1, "body": "Second take"},
        headers=editor,
    )
    assert (
        await client.get(f"/api/v1/blogs/quake/posts/{post['id']}/revisions")
    ).status_code == 401
    revisions = (
        await client.get(f"/api/v1/blogs/quake/posts/{post['id']}/revisions", headers=editor)
    ).json()
    assert [r["version"] for r in revisions["items"]] == [1, 2]
    assert revisions["items"][0]["post"]["blocks"][0]["html"] == "<p>First take</p>"
    assert revisions["items"][1]["actor"] == "edna"


async def test_drafts_and_schedules_stay_off_the_public_record(client, editor, blog):
    draft = await publish(client, editor, "Not yet", status="draft")
    assert draft["published_at"] is None
    assert (await client.get(f"/api/v1/blogs/quake/posts/{draft['id']}")).status_code == 404
    public = (await client.get("/api/v1/blogs/quake/changes?after=1")).json()["changes"]
    assert public == []
    desk = (await client.get("/api/v1/blogs/quake/changes?after=1", headers=editor)).json()[
        "changes"
    ]
    assert [(c["action"], c["public"]) for c in desk] == [("desk", False)]
    published = await client.patch(
        f"/api/v1/blogs/quake/posts/{draft['id']}",
        json={"version": 1, "status": "published"},
        headers=editor,
    )
    assert published.json()["published_at"] is not None
    assert [
        c["action"]
        for c in (await client.get("/api/v1/blogs/quake/changes?after=1")).json()["changes"]
    ] == ["publish"]


async def test_a_scheduled_update_is_published_when_its_time_comes(client, editor, blog, app):
    from datetime import UTC, datetime, timedelta

    import anyio

    when = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    post = await publish(client, editor, "On the hour", status="scheduled", published_at=when)
    assert post["status"] == "scheduled"
    with anyio.fail_after(5):
        while (await client.get(f"/api/v1/blogs/quake/posts/{post['id']}", headers=editor)).json()[
            "status"
        ] != "published":
            await anyio.sleep(0.1)


async def test_a_contributor_writes_drafts_but_cannot_publish(client, app, blog):
    from dateline.domain.roles import Role
    from tests.conftest import make_token

    token = make_token(app.database, "casey", Role.CONTRIBUTOR, blogs=["quake"])
    headers = {"Authorization": f"Bearer {token}"}
    refused = await client.post(
        "/api/v1/blogs/quake/posts", json={"body": "Scoop"}, headers=headers
    )
    assert refused.status_code == 403
    draft = await client.post(
        "/api/v1/blogs/quake/posts", json={"body": "Scoop", "status": "draft"}, headers=headers
    )
    assert draft.status_code == 201
    publish_attempt = await client.patch(
        f"/api/v1/blogs/quake/posts/{draft.json()['id']}",
        json={"version": 1, "status": "published"},
        headers=headers,
    )
    assert publish_attempt.status_code == 403


async def test_unknown_update_and_wrong_blog_are_404(client, editor, blog):
    post = await publish(client, editor, "Mine")
    await client.post("/api/v1/blogs", json={"slug": "other", "title": "O"}, headers=editor)
    assert (await client.get("/api/v1/blogs/quake/posts/999")).status_code == 404
    assert (await client.get(f"/api/v1/blogs/other/posts/{post['id']}")).status_code == 404
    missing = await client.patch(
        "/api/v1/blogs/quake/posts/999", json={"version": 1, "body": "x"}, headers=editor
    )
    assert missing.status_code == 404
    assert missing.json()["detail"] == "No update 999."


async def test_only_one_intro_entry_per_blog(client, editor, blog):
    await publish(client, editor, "## What we know\n\nThe opening article.", kind="intro")
    second = await client.post(
        "/api/v1/blogs/quake/posts", json={"body": "Another", "kind": "intro"}, headers=editor
    )
    assert second.status_code == 422
    assert second.json()["detail"][0]["field"] == "kind"
