"""The audit log over real HTTP: who did what to which update, for admins only, paged by
cursors this server handed out."""

from __future__ import annotations

import pytest

from dateline.domain.roles import Role
from dateline.store import members
from tests.conftest import make_token

pytestmark = pytest.mark.anyio


@pytest.fixture
def people(app) -> dict[str, dict[str, str]]:
    return {
        name: {"Authorization": f"Bearer {make_token(app.database, name, role)}"}
        for name, role in [("ada", Role.ADMIN), ("edna", Role.EDITOR), ("carl", Role.CONTRIBUTOR)]
    }


async def ok(response) -> dict:
    answer = await response
    assert answer.is_success, answer.text
    return answer.json()


async def audit(client, headers, **params) -> list[dict]:
    """Every entry, following `next_cursor` page by page (two at a time: paging is tested)."""
    entries: list[dict] = []
    params = {"limit": 2, **params}
    while True:
        page = await client.get("/api/v1/audit", params=params, headers=headers)
        assert page.status_code == 200, page.text
        entries += page.json()["items"]
        if page.json()["next_cursor"] is None:
            return entries
        params["after"] = page.json()["next_cursor"]


async def test_actions_by_two_people_appear_with_the_right_actor(app, client, people):
    ada, edna, carl = people["ada"], people["edna"], people["carl"]

    async def do(method: str, path: str, who: dict, body: dict | None = None) -> dict:
        return await ok(client.request(method, "/api/v1/blogs" + path, json=body, headers=who))

    await do("POST", "", edna, {"slug": "orle", "title": "Orle"})
    app.database.run_write(members.add_to_blog, "orle", "carl", "edna")  # carl works on it
    first = await do("POST", "/orle/posts", edna, {"body": "Water rises."})
    one = f"/orle/posts/{first['id']}"
    await do("PATCH", one, ada, {"version": first["version"], "body": "Water rises fast."})
    await do("PUT", f"{one}/pin", edna)
    await do("PUT", f"{one}/key-event", ada, {"title": "The river breaks its banks"})
    draft = await do("POST", "/orle/posts", carl, {"body": "Maybe a dam.", "status": "draft"})
    claim = await do("POST", "/orle/claims", carl, {"statement": "The dam burst"})
    await do("PATCH", f"/orle/claims/{claim['id']}", ada, {"version": 1, "status": "false"})
    await do("PATCH", "/orle", ada, {"title": "The Orle floods"})
    await do("DELETE", f"/orle/posts/{draft['id']}", carl)
    await do("DELETE", one, edna)

    entries = await audit(client, ada, blog="orle")

    done = [(e["actor"], e["action"], e["update_id"] or e["claim_id"]) for e in entries]
    assert done == [
        ("edna", "create blog", None),
        ("edna", "publish", first["id"]),
        ("ada", "edit", first["id"]),
        ("edna", "pin", first["id"]),
        ("ada", "key event", first["id"]),
        ("carl", "draft", draft["id"]),
        ("carl", "claim create", claim["id"]),
        ("ada", "claim status", claim["id"]),
        ("ada", "blog settings", None),
        ("carl", "delete draft", draft["id"]),
        ("edna", "delete", first["id"]),
    ]
    assert [e["seq"] for e in entries] == list(range(1, 12))
    assert all(e["blog"] == "orle" and e["at"].endswith("Z") for e in entries)
    assert entries[4]["subject"] == "The river breaks its banks"
    assert (entries[7]["status"], entries[7]["subject"]) == ("false", "The dam burst")
    assert entries[2]["version"] == 2


async def test_the_newsroom_record_holds_tokens_and_sources(client, people):
    ada, edna = people["ada"], people["edna"]
    made = await ok(client.post("/api/v1/tokens", json={"label": "phone"}, headers=edna))
    await ok(client.delete(f"/api/v1/tokens/{made['id']}", headers=ada))
    source = await ok(client.post("/api/v1/sources", json={"name": "Civil defence"}, headers=edna))
    edit = {"version": 1, "reliability": "Usually right."}
    await ok(client.patch(f"/api/v1/sources/{source['id']}", json=edit, headers=ada))

    entries = await audit(client, ada)

    assert [(e["actor"], e["action"]) for e in entries] == [
        ("(command line)", "token create"),  # the fixture's tokens, made as the CLI makes them
        ("(command line)", "token create"),
        ("(command line)", "token create"),
        ("edna", "token create"),
        ("ada", "token revoke"),
        ("edna", "source create"),
        ("ada", "source edit"),
    ]
    assert entries[3]["subject"] == f"token {made['id']} of edna (phone)"
    assert made["token"] not in str(entries)


async def test_only_admins_read_the_audit_log(client, people):
    await ok(client.post("/api/v1/blogs", json={"slug": "orle", "title": "Orle"},
                         headers=people["edna"]))  # fmt: skip
    for name in ["edna", "carl"]:
        for params in [{}, {"blog": "orle"}]:
            answer = await client.get("/api/v1/audit", params=params, headers=people[name])
            assert answer.status_code == 403, (name, params)
            assert "admin" in answer.json()["detail"]
    assert (await client.get("/api/v1/audit", params={"blog": "orle"})).status_code == 401


async def test_only_cursors_this_server_handed_out_are_taken(client, people):
    ada = people["ada"]
    await ok(client.post("/api/v1/blogs", json={"slug": "orle", "title": "Orle"}, headers=ada))
    await ok(client.patch("/api/v1/blogs/orle", json={"title": "Orle 2"}, headers=ada))
    page = await ok(client.get("/api/v1/audit", params={"blog": "orle", "limit": 1}, headers=ada))
    cursor = page["next_cursor"]
    assert cursor

    for junk in [cursor + "~~", cursor + "=", "x" * 65, "%%%", "YmxvZzox\x00", "bmV3c3Jvb206MQ",
                 "YmxvZzotMQ", "YmxvZzo5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"]:  # fmt: skip
        answer = await client.get("/api/v1/audit", params={"blog": "orle", "after": junk},
                                  headers=ada)  # fmt: skip
        assert answer.status_code == 422, junk
        assert answer.json()["detail"][0]["field"] == "after"
    other_kind = await client.get("/api/v1/audit", params={"after": cursor}, headers=ada)
    assert other_kind.status_code == 422
    unknown = await client.get("/api/v1/audit", params={"blog": "nowhere"}, headers=ada)
    assert unknown.status_code == 404
    rest = await ok(client.get("/api/v1/audit", params={"blog": "orle", "after": cursor},
                               headers=ada))  # fmt: skip
    assert [e["action"] for e in rest["items"]] == ["blog settings"]
