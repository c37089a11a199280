"""The claims and sources API, and claims on updates, over real HTTP into the app."""

from __future__ import annotations

import pytest

from dateline.domain.roles import Role
from tests.conftest import make_token

pytestmark = pytest.mark.anyio


@pytest.fixture
async def blog(client, editor) -> str:
    response = await client.post(
        "/api/v1/blogs", json={"slug": "orle", "title": "The Orle floods"}, headers=editor
    )
    assert response.status_code == 201
    return "orle"


async def new_claim(client, editor, **fields) -> dict:
    body = {"statement": "The Orle dam has burst", **fields}
    response = await client.post("/api/v1/blogs/orle/claims", json=body, headers=editor)
    assert response.status_code == 201, response.text
    return response.json()


async def publish(client, editor, **fields) -> dict:
    response = await client.post("/api/v1/blogs/orle/posts", json=fields, headers=editor)
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_source_and_a_claim_are_recorded_and_an_update_carries_the_claim(
    client, editor, blog
):
    source = await client.post(
        "/api/v1/sources",
        json={
            "name": "Orle Rescue",
            "kind": "official",
            "handles": ["@orlerescue"],
            "reliability": "Careful; confirms before posting.",
        },
        headers=editor,
    )
    assert source.status_code == 201, source.text
    claim = await new_claim(client, editor, source_id=source.json()["id"])
    assert (claim["status"], claim["version"], claim["seq"]) == ("unverified", 1, 2)
    assert claim["source"] == {"id": source.json()["id"], "name": "Orle Rescue", "kind": "official"}
    assert claim["url"] == "http://dateline.test/orle/claims#claim-1"
    update = await publish(
        client,
        editor,
        blocks=[
            {"type": "text", "html": "<p>Rescuers say:</p>"},
            {"type": "quote", "text": "The dam has gone", "attribution": "Orle Rescue"},
        ],
        claims=[{"id": claim["id"], "quote": 1}],
    )
    assert update["claims"] == [
        {
            "id": claim["id"],
            "role": "reports",
            "quote": 1,
            "status": "unverified",
            "statement": "The Orle dam has burst",
        }
    ]


async def test_a_status_change_shows_on_every_update_carrying_the_claim(client, editor, blog):
    claim = await new_claim(client, editor)
    first = await publish(
        client, editor, body="Residents report the dam burst.", claims=[claim["id"]]
    )
    denial = await publish(
        client,
        editor,
        body="Engineers: the dam holds.",
        claims=[{"id": claim["id"], "role": "refutes"}],
    )
    changed = await client.patch(
        f"/api/v1/blogs/orle/claims/{claim['id']}",
        json={
            "version": 1,
            "status": "false",
            "note": "Engineers inspected it",
            "post_id": denial["id"],
        },
        headers=editor,
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["status"], body["version"], body["status_update_id"]) == ("false", 2, denial["id"])
    assert [h["claim"]["status"] for h in body["history"]] == ["unverified", "false"]
    assert [(u["post_id"], u["role"]) for u in body["updates"]] == [
        (first["id"], "reports"),
        (denial["id"], "refutes"),
    ]
    again = (await client.get(f"/api/v1/blogs/orle/posts/{first['id']}")).json()
    assert again["claims"][0]["status"] == "false"
    listed = (await client.get("/api/v1/blogs/orle/posts")).json()["items"]
    assert {item["claims"][0]["status"] for item in listed} == {"false"}


async def test_a_stale_status_change_is_409_and_a_bad_one_422_naming_the_field(
    client, editor, blog
):
    claim = await new_claim(client, editor)
    path = f"/api/v1/blogs/orle/claims/{claim['id']}"
    assert (
        await client.patch(path, json={"version": 1, "status": "disputed"}, headers=editor)
    ).status_code == 200
    stale = await client.patch(path, json={"version": 1, "status": "false"}, headers=editor)
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    bad = await client.patch(path, json={"version": 2, "status": "rumour"}, headers=editor)
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "status"
    missing = await client.patch(path, json={"status": "false"}, headers=editor)
    assert missing.status_code == 422
    unknown = await client.patch(
        "/api/v1/blogs/orle/claims/99", json={"version": 1}, headers=editor
    )
    assert unknown.status_code == 404


async def test_readers_see_claims_once_published_and_never_the_source_registry(
    client, editor, blog
):
    hidden = await new_claim(client, editor, statement="Only on the desk so far")
    shown = await new_claim(client, editor, statement="Reported to readers")
    await publish(client, editor, body="Draft", status="draft", claims=[hidden["id"]])
    await publish(client, editor, body="Published", claims=[shown["id"]])
    readers = (await client.get("/api/v1/blogs/orle/claims")).json()["items"]
    assert [c["id"] for c in readers] == [shown["id"]]
    assert (await client.get(f"/api/v1/blogs/orle/claims/{hidden['id']}")).status_code == 404
    desk = await client.get("/api/v1/blogs/orle/claims", headers=editor)
    assert [c["id"] for c in desk.json()["items"]] == [hidden["id"], shown["id"]]
    assert desk.headers["cache-control"] == "private, no-store"
    assert (await client.get("/api/v1/sources")).status_code == 401


async def test_attaching_an_unknown_claim_names_it(client, editor, blog):
    response = await client.post(
        "/api/v1/blogs/orle/posts", json={"body": "x", "claims": [42]}, headers=editor
    )
    assert response.status_code == 422
    assert response.json()["detail"][0] == {
        "field": "claims[0]",
        "msg": "there is no claim 42 in this blog",
        "loc": ["body", "claims[0]"],
        "type": "invalid",
    }


async def test_contributors_may_record_claims_but_not_settle_them(client, app, editor, blog):
    token = make_token(app.database, "carl", Role.CONTRIBUTOR, blogs=["orle"])
    contributor = {"Authorization": f"Bearer {token}"}
    claim = await new_claim(client, contributor)
    response = await client.patch(
        f"/api/v1/blogs/orle/claims/{claim['id']}",
        json={"version": 1, "status": "confirmed"},
        headers=contributor,
    )
    assert response.status_code == 403
    assert "editor role" in response.json()["detail"]


async def test_an_edit_declares_its_correction_and_the_update_lists_it(client, editor, blog):
    update = await publish(client, editor, body="Forty homes were flooded.")
    edited = await client.patch(
        f"/api/v1/blogs/orle/posts/{update['id']}",
        json={
            "version": 1,
            "body": "Fourteen homes were flooded.",
            "correction": {"note": "We misread the council's figure."},
        },
        headers=editor,
    )
    assert edited.status_code == 200, edited.text
    [correction] = edited.json()["corrections"]
    assert (correction["kind"], correction["note"], correction["version"]) == (
        "correction",
        "We misread the council's figure.",
        2,
    )
    nothing = await client.patch(
        f"/api/v1/blogs/orle/posts/{update['id']}",
        json={"version": 2, "tags": ["flood"], "correction": {"note": "?"}},
        headers=editor,
    )
    assert nothing.status_code == 422
    assert nothing.json()["detail"][0]["field"] == "correction"


async def test_the_openapi_document_describes_claims_and_sources(client):
    paths = (await client.get("/api/v1/openapi.json")).json()["paths"]
    for path in (
        "/api/v1/blogs/{slug}/claims",
        "/api/v1/blogs/{slug}/claims/{claim_id}",
        "/api/v1/sources",
        "/api/v1/sources/{source_id}",
    ):
        assert path in paths, path
    assert "patch" in paths["/api/v1/blogs/{slug}/claims/{claim_id}"]
