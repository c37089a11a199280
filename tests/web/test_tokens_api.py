"""API tokens over real HTTP: made with the secret shown once, listed without it, revoked
by their owner or an admin, and a revoked token refused from the very next request."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from dateline.domain.roles import Role
from dateline.store.schema import tokens
from tests.conftest import make_token

pytestmark = pytest.mark.anyio


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def people(app) -> dict[str, dict[str, str]]:
    """An admin, an editor and a contributor, each with a token."""
    return {
        name: bearer(make_token(app.database, name, role))
        for name, role in [("ada", Role.ADMIN), ("edna", Role.EDITOR), ("carl", Role.CONTRIBUTOR)]
    }


async def test_a_new_token_is_shown_once_and_listed_without_its_secret(client, app, people):
    made = await client.post("/api/v1/tokens", json={"label": "laptop"}, headers=people["edna"])

    assert made.status_code == 201, made.text
    body = made.json()
    secret = body["token"]
    assert secret.startswith("dl_") and body["user"] == "edna" and body["label"] == "laptop"
    assert made.headers["cache-control"] == "no-store"
    listed = await client.get("/api/v1/tokens", headers=bearer(secret))
    assert listed.status_code == 200
    assert [(t["user"], t["label"]) for t in listed.json()["items"]] == [
        ("edna", ""),
        ("edna", "laptop"),
    ]
    assert secret not in listed.text and secret[3:] not in listed.text
    assert all("token" not in t for t in listed.json()["items"])
    stored = app.database.run_read(lambda c: c.execute(select(tokens.c.token_hash)).scalars().all())
    assert hashlib.sha256(secret.encode()).hexdigest() in stored
    assert not any(secret in value for value in stored)


async def test_a_revoked_token_is_refused_from_the_next_request(client, people):
    made = await client.post("/api/v1/tokens", json={}, headers=people["carl"])
    secret = made.json()["token"]
    assert (await client.get("/api/v1/sources", headers=bearer(secret))).status_code == 200

    revoked = await client.delete(f"/api/v1/tokens/{made.json()['id']}", headers=people["carl"])

    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["revoked_by"] == "carl" and revoked.json()["revoked_at"]
    for attempt in [
        client.get("/api/v1/sources", headers=bearer(secret)),
        client.post("/api/v1/blogs", json={"slug": "x", "title": "X"}, headers=bearer(secret)),
        client.get("/api/v1/tokens", headers=bearer(secret)),
    ]:
        answer = await attempt
        assert answer.status_code == 401, answer.text
    # The owner's other token still works, and the revoked one stays listed as revoked.
    listed = (await client.get("/api/v1/tokens", headers=people["carl"])).json()["items"]
    assert [t["revoked_by"] for t in listed] == [None, "carl"]


async def test_an_admin_revokes_anyones_token_and_others_only_their_own(client, people):
    edna_tokens = (await client.get("/api/v1/tokens", headers=people["edna"])).json()["items"]
    (edna_token,) = edna_tokens

    by_carl = await client.delete(f"/api/v1/tokens/{edna_token['id']}", headers=people["carl"])
    assert by_carl.status_code == 404  # someone else's token: not even its existence
    assert (await client.get("/api/v1/sources", headers=people["edna"])).status_code == 200

    by_ada = await client.delete(f"/api/v1/tokens/{edna_token['id']}", headers=people["ada"])
    assert by_ada.status_code == 200
    assert by_ada.json()["revoked_by"] == "ada"
    assert (await client.get("/api/v1/sources", headers=people["edna"])).status_code == 401
    again = await client.delete(f"/api/v1/tokens/{edna_token['id']}", headers=people["ada"])
    assert again.status_code == 200 and again.json()["revoked_by"] == "ada"


async def test_only_an_admin_lists_or_makes_someone_elses_tokens(client, people):
    everyone = await client.get("/api/v1/tokens", headers=people["ada"])
    assert {t["user"] for t in everyone.json()["items"]} == {"ada", "edna", "carl"}
    one = await client.get("/api/v1/tokens", params={"user": "carl"}, headers=people["ada"])
    assert [t["user"] for t in one.json()["items"]] == ["carl"]
    own = await client.get("/api/v1/tokens", headers=people["edna"])
    assert [t["user"] for t in own.json()["items"]] == ["edna"]

    peek = await client.get("/api/v1/tokens", params={"user": "carl"}, headers=people["edna"])
    assert peek.status_code == 403
    forged = await client.post("/api/v1/tokens", json={"user": "ada"}, headers=people["carl"])
    assert forged.status_code == 403
    ghost = await client.post("/api/v1/tokens", json={"user": "nobody"}, headers=people["carl"])
    assert ghost.status_code == 403  # the same answer whether or not the name exists

    for_carl = await client.post("/api/v1/tokens", json={"user": "carl"}, headers=people["ada"])
    assert for_carl.status_code == 201 and for_carl.json()["user"] == "carl"
    assert (
        await client.get("/api/v1/sources", headers=bearer(for_carl.json()["token"]))
    ).is_success


async def test_token_requests_are_checked(client, people):
    no_token = await client.get("/api/v1/tokens")
    assert no_token.status_code == 401
    bad_label = await client.post("/api/v1/tokens", json={"label": "a\nb"}, headers=people["ada"])
    assert bad_label.status_code == 422
    assert [e["field"] for e in bad_label.json()["detail"]] == ["label"]
    long_label = await client.post(
        "/api/v1/tokens", json={"label": "x" * 101}, headers=people["ada"]
    )
    assert long_label.status_code == 422
    for bad_id in ["0", "-1", str(1 << 63), "abc"]:
        answer = await client.delete(f"/api/v1/tokens/{bad_id}", headers=people["ada"])
        assert answer.status_code == 422, bad_id
    assert (await client.delete("/api/v1/tokens/999", headers=people["ada"])).status_code == 404
    listed = (await client.get("/api/v1/tokens", headers=people["ada"])).json()["items"]
    assert len(listed) == 3 and all(t["revoked_at"] is None for t in listed)
