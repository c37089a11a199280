"""The blogs API: create, read, list, edit; errors name their fields."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.anyio


async def test_creating_a_blog_returns_it_live_with_links(client, editor):
    response = await client.post(
        "/api/v1/blogs",
        json={"slug": "election-night", "title": "Election night", "time_zone": "Europe/Paris"},
        headers=editor,
    )
    assert response.status_code == 201
    blog = response.json()
    assert blog["slug"] == "election-night"
    assert blog["status"] == "live"
    assert blog["time_zone"] == "Europe/Paris"
    assert blog["last_seq"] == 1
    assert blog["links"]["page"] == "http://dateline.test/election-night/"
    assert (await client.get("/api/v1/blogs/election-night")).json()["title"] == "Election night"


async def test_every_blog_setting_from_the_reference_blog_round_trips(client, editor):
    settings = {
        "slug": "syria-live",
        "title": "Syria Daily",
        "summary": "Updates through the day.",
        "language": "en",
        "time_zone": "Europe/London",
        "stamp_format": "wire",
        "order": "oldest",
        "cover": {
            "url": "https://example.org/c.jpg",
            "alt": "A street",
            "caption": "C",
            "credit": "AP",
        },
        "featured_links": [
            {"label": "MONDAY FEATURE", "title": "A feature", "url": "https://example.org/f"}
        ],
        "coverage_start": "2016-12-12T06:00:00Z",
    }
    blog = (await client.post("/api/v1/blogs", json=settings, headers=editor)).json()
    assert blog["stamp_format"] == "UPDATE {HH}{mm} {tz}"
    assert blog["order"] == "oldest"
    assert blog["cover"] == settings["cover"]
    assert blog["featured_links"] == settings["featured_links"]
    assert blog["coverage_start"] == "2016-12-12T06:00:00Z"


async def test_bad_blog_fields_are_all_named_in_one_422(client, editor):
    response = await client.post(
        "/api/v1/blogs",
        json={
            "slug": "Bad Slug!",
            "title": "",
            "time_zone": "Mars/Olympus",
            "stamp_format": "{XX}",
        },
        headers=editor,
    )
    assert response.status_code == 422
    fields = {e["field"]: e["msg"] for e in response.json()["detail"]}
    assert set(fields) == {"slug", "title", "time_zone", "stamp_format"}
    assert "Mars/Olympus" in fields["time_zone"]
    assert "{XX}" in fields["stamp_format"]


async def test_type_errors_and_unknown_fields_also_name_the_field(client, editor):
    response = await client.post(
        "/api/v1/blogs",
        json={"slug": "x", "title": "T", "titel": "typo", "order": "sideways"},
        headers=editor,
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["detail"]} == {"titel", "order"}


async def test_a_taken_slug_is_refused_and_the_first_blog_is_untouched(client, editor):
    await client.post("/api/v1/blogs", json={"slug": "taken", "title": "First"}, headers=editor)
    again = await client.post(
        "/api/v1/blogs", json={"slug": "taken", "title": "Second"}, headers=editor
    )
    assert again.status_code == 422
    assert again.json()["detail"][0]["field"] == "slug"
    assert (await client.get("/api/v1/blogs/taken")).json()["title"] == "First"


async def test_writes_need_a_token_and_a_bad_token_is_401(client):
    anonymous = await client.post("/api/v1/blogs", json={"slug": "a", "title": "A"})
    assert anonymous.status_code == 401
    assert "token" in anonymous.json()["detail"]
    forged = await client.post(
        "/api/v1/blogs",
        json={"slug": "a", "title": "A"},
        headers={"Authorization": "Bearer dl_nope"},
    )
    assert forged.status_code == 401
    assert (await client.get("/api/v1/blogs/a")).status_code == 404


async def test_contributors_cannot_create_blogs(client, app):
    from dateline.domain.roles import Role
    from tests.conftest import make_token

    token = make_token(app.database, "casey", Role.CONTRIBUTOR)
    response = await client.post(
        "/api/v1/blogs",
        json={"slug": "c", "title": "C"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403
    assert "editor" in response.json()["detail"]


async def test_unknown_blog_is_a_json_404(client):
    response = await client.get("/api/v1/blogs/nowhere")
    assert response.status_code == 404
    assert response.json() == {"detail": "No blog 'nowhere'."}


async def test_draft_blogs_are_hidden_from_readers_but_listed_for_the_desk(client, editor):
    await client.post(
        "/api/v1/blogs", json={"slug": "secret", "title": "S", "status": "draft"}, headers=editor
    )
    await client.post("/api/v1/blogs", json={"slug": "open", "title": "O"}, headers=editor)
    assert (await client.get("/api/v1/blogs/secret")).status_code == 404
    public = [b["slug"] for b in (await client.get("/api/v1/blogs")).json()["items"]]
    desk = [b["slug"] for b in (await client.get("/api/v1/blogs", headers=editor)).json()["items"]]
    assert public == ["open"]
    assert sorted(desk) == ["open", "secret"]


async def test_editing_settings_bumps_the_version_and_a_stale_version_is_409(client, editor):
    await client.post("/api/v1/blogs", json={"slug": "b", "title": "B"}, headers=editor)
    edited = await client.patch(
        "/api/v1/blogs/b", json={"title": "B2", "version": 1}, headers=editor
    )
    assert edited.status_code == 200
    assert edited.json()["version"] == 2
    stale = await client.patch(
        "/api/v1/blogs/b", json={"title": "B3", "version": 1}, headers=editor
    )
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert (await client.get("/api/v1/blogs/b")).json()["title"] == "B2"


async def test_ending_coverage_sets_the_end_time(client, editor):
    await client.post("/api/v1/blogs", json={"slug": "e", "title": "E"}, headers=editor)
    ended = (await client.patch("/api/v1/blogs/e", json={"status": "ended"}, headers=editor)).json()
    assert ended["status"] == "ended"
    assert ended["coverage_end"] is not None


async def test_the_openapi_document_describes_the_contract(client):
    document = (await client.get("/api/v1/openapi.json")).json()
    paths = document["paths"]
    for path in (
        "/api/v1/blogs",
        "/api/v1/blogs/{slug}",
        "/api/v1/blogs/{slug}/posts",
        "/api/v1/blogs/{slug}/posts/{post_id}",
        "/api/v1/blogs/{slug}/posts/{post_id}/revisions",
        "/api/v1/blogs/{slug}/changes",
    ):
        assert path in paths, path
    assert "bearer" in str(document["components"]["securitySchemes"]).lower()
