"""Contributions and restoring: a contributor submits a draft, it waits in the editors'
queue, an editor sends it back with a note or publishes it; a deleted update comes back."""

from __future__ import annotations

import pytest

from dateline.domain.roles import Role
from dateline.store import members
from tests.conftest import make_token

pytestmark = pytest.mark.anyio


@pytest.fixture
async def blog(client, editor) -> str:
    response = await client.post(
        "/api/v1/blogs", json={"slug": "vote", "title": "Vote"}, headers=editor
    )
    assert response.status_code == 201, response.text
    return "vote"


@pytest.fixture
def contributor(app, blog) -> dict[str, str]:
    token = make_token(app.database, "cora", Role.CONTRIBUTOR)
    app.database.run_write(members.add_to_blog, blog, "cora", "tests")
    return {"Authorization": f"Bearer {token}"}


async def draft(client, headers, body="Turnout is high in the north.") -> dict:
    made = await client.post(
        "/api/v1/blogs/vote/posts", json={"body": body, "status": "draft"}, headers=headers
    )
    assert made.status_code == 201, made.text
    return made.json()


async def test_a_submission_waits_in_the_queue_is_sent_back_then_published(
    client, editor, contributor, blog
):
    post = await draft(client, contributor)
    url = f"/api/v1/blogs/vote/posts/{post['id']}"
    submitted = await client.post(f"{url}/submit", json={"version": 1}, headers=contributor)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["action"] == "submitted"

    queue = (await client.get("/api/v1/blogs/vote/queue", headers=editor)).json()
    assert [p["id"] for p in queue["items"]] == [post["id"]]
    # The editors' feed learns of it live: a desk change carrying the draft.
    log = (await client.get("/api/v1/blogs/vote/changes?after=0", headers=editor)).json()
    assert log["changes"][-1] | {"seq": 0} == log["changes"][-1] | {
        "seq": 0, "action": "desk", "post_id": post["id"], "status": "draft", "actor": "cora",
    }  # fmt: skip

    refused = await client.post(f"{url}/return", json={"note": "no"}, headers=contributor)
    assert refused.status_code == 403
    no_note = await client.post(f"{url}/return", json={"note": " "}, headers=editor)
    assert no_note.status_code == 422
    assert no_note.json()["detail"][0]["field"] == "note"
    back = await client.post(
        f"{url}/return", json={"note": "Which towns? Name them."}, headers=editor
    )
    assert back.status_code == 200
    seen = (await client.get(f"{url}/review", headers=contributor)).json()
    assert (seen["action"], seen["note"], seen["actor"]) == (
        "returned", "Which towns? Name them.", "edna",
    )  # fmt: skip
    assert (await client.get("/api/v1/blogs/vote/queue", headers=editor)).json()["items"] == []

    await client.patch(
        url, json={"version": 1, "body": "Turnout is high in Tromsø."}, headers=contributor
    )
    await client.post(f"{url}/submit", json={"version": 2}, headers=contributor)
    published = await client.patch(url, json={"version": 2, "status": "published"}, headers=editor)
    assert published.json()["status"] == "published"
    assert (await client.get("/api/v1/blogs/vote/queue", headers=editor)).json()["items"] == []


async def test_only_a_draft_is_submitted_and_only_by_its_writer(client, editor, contributor, blog):
    theirs = await draft(client, editor)
    url = f"/api/v1/blogs/vote/posts/{theirs['id']}/submit"
    assert (await client.post(url, json={"version": 1}, headers=contributor)).status_code == 403
    stale = await client.post(url, json={"version": 7}, headers=editor)
    assert stale.status_code == 409
    live = (
        await client.post("/api/v1/blogs/vote/posts", json={"body": "Out"}, headers=editor)
    ).json()
    answer = await client.post(
        f"/api/v1/blogs/vote/posts/{live['id']}/submit", json={"version": 1}, headers=editor
    )
    assert answer.status_code == 422


async def test_a_deleted_update_is_restored_to_the_page_and_readers_are_told(client, editor, blog):
    live = (
        await client.post("/api/v1/blogs/vote/posts", json={"body": "Polls open"}, headers=editor)
    ).json()
    url = f"/api/v1/blogs/vote/posts/{live['id']}"
    await client.delete(url, headers=editor)
    restored = await client.post(f"{url}/restore", headers=editor)
    assert restored.status_code == 200, restored.text
    assert (restored.json()["status"], restored.json()["version"]) == ("published", 3)
    log = (await client.get("/api/v1/blogs/vote/changes?after=0")).json()
    assert [c["action"] for c in log["changes"]] == ["blog", "publish", "delete", "publish"]
    revisions = (await client.get(f"{url}/revisions", headers=editor)).json()["items"]
    assert [r["post"]["status"] for r in revisions] == ["published", "deleted", "published"]
    again = await client.post(f"{url}/restore", headers=editor)
    assert again.status_code == 422


async def test_a_deleted_draft_comes_back_as_a_draft_and_contributors_cannot_restore(
    client, editor, contributor, blog
):
    post = await draft(client, contributor)
    url = f"/api/v1/blogs/vote/posts/{post['id']}"
    await client.delete(url, headers=contributor)
    assert (await client.post(f"{url}/restore", headers=contributor)).status_code == 403
    restored = await client.post(f"{url}/restore", headers=editor)
    assert restored.json()["status"] == "draft"
