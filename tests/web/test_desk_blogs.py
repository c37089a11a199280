"""Blogs on the desk: every field set from the form, problems beside their fields with
nothing written, the version check, the intro entry, coverage, membership."""

from __future__ import annotations

import re

import pytest

from dateline.domain.roles import Role
from tests.web.signing_in import SAME_SITE, add_person, sign_in

pytestmark = pytest.mark.anyio

EVERY_FIELD = {
    "slug": "harbour",
    "title": "Harbour flood",
    "summary": "The quay at night",
    "cover.url": "https://example.org/quay.jpg",
    "cover.alt": "Boats against the quay wall",
    "cover.caption": "High water at 21:00",
    "cover.credit": "Photo: the desk",
    "time_zone": "Asia/Beirut",
    "stamp_format": "wire",
    "language": "ar",
    "direction": "rtl",
    "order": "oldest",
    "featured_links[0].label": "EXPLAINER",
    "featured_links[0].title": "Why the quay floods",
    "featured_links[0].url": "/explainer",
    "featured_links[3].title": "Live map",
    "featured_links[3].url": "https://example.org/map",
    "auto_end_hours": "12",
    "start": "draft",
}


@pytest.fixture
async def csrf(app, client):
    add_person(app.database, "edna", Role.EDITOR)
    return await sign_in(client, "edna")


async def test_a_blog_started_from_the_desk_has_every_field_set(client, csrf):
    made = await client.post(
        "/desk/blogs/new", data={**EVERY_FIELD, "csrf_token": csrf}, headers=SAME_SITE
    )
    assert made.status_code == 303, made.text
    blog = (await client.get("/api/v1/blogs/harbour")).json()
    assert blog["status"] == "draft"
    assert blog["cover"] == {
        "url": "https://example.org/quay.jpg", "alt": "Boats against the quay wall",
        "caption": "High water at 21:00", "credit": "Photo: the desk",
    }  # fmt: skip
    assert (blog["time_zone"], blog["stamp_format"]) == ("Asia/Beirut", "UPDATE {HH}{mm} {tz}")
    assert (blog["language"], blog["direction"], blog["order"]) == ("ar", "rtl", "oldest")
    assert [link["title"] for link in blog["featured_links"]] == [
        "Why the quay floods", "Live map"
    ]  # fmt: skip
    assert blog["auto_end_hours"] == 12
    # The settings page shows them again, and who made it is on its desk.
    page = (await client.get("/desk/blogs/harbour/settings")).text
    assert 'value="Boats against the quay wall"' in page
    assert 'name="featured_links[1].title" type="text" value="Live map"' in page
    assert re.search(r"<li>edna <span", page)
    assert "UPDATE 2345 EET" in page  # the preview: 21:45 GMT in Beirut


async def test_problems_show_beside_their_fields_and_nothing_is_written(client, csrf):
    bad = {**EVERY_FIELD, "time_zone": "Mars/Olympus", "featured_links[3].url": "javascript:x",
           "auto_end_hours": "0", "cover.alt": ""}  # fmt: skip
    response = await client.post(
        "/desk/blogs/new", data={**bad, "csrf_token": csrf}, headers=SAME_SITE
    )
    assert response.status_code == 422
    errors = dict(
        re.findall(r'<p class="field-error" id="([^"]+)-error">([^<]*)</p>', response.text)
    )
    assert set(errors) == {"time_zone", "featured_links[3]-url", "auto_end_hours", "cover-alt"}
    assert "is not a time zone" in errors["time_zone"]
    assert 'value="Mars/Olympus"' in response.text  # what was typed is kept
    assert (await client.get("/api/v1/blogs/harbour")).status_code == 404


async def test_a_stale_settings_form_is_told_not_overwritten(client, csrf):
    await client.post("/desk/blogs/new", data={"slug": "quay", "title": "Quay",
                                               "csrf_token": csrf}, headers=SAME_SITE)  # fmt: skip
    form = {"csrf_token": csrf, "version": "1", "title": "Quay", "summary": "first"}
    assert (await client.post("/desk/blogs/quay/settings", data=form,
                              headers=SAME_SITE)).status_code == 303  # fmt: skip
    stale = await client.post(
        "/desk/blogs/quay/settings", data={**form, "summary": "second"}, headers=SAME_SITE
    )
    assert stale.status_code == 409
    assert "changed since you loaded them" in stale.text
    assert (await client.get("/api/v1/blogs/quay")).json()["summary"] == "first"


async def test_the_intro_entry_with_sections_and_the_coverage(client, csrf):
    await client.post("/desk/blogs/new", data={"slug": "quay", "title": "Quay",
                                               "csrf_token": csrf}, headers=SAME_SITE)  # fmt: skip
    body = (
        "The water rose at dusk.\n\n## What we know\n\nThe quay is shut.\n\n"
        "## Background\n\nIt flooded in 2014."
    )
    written = await client.post("/desk/blogs/quay/intro", data={"csrf_token": csrf, "body": body},
                                headers=SAME_SITE)  # fmt: skip
    assert written.status_code == 303
    intro = (await client.get("/api/v1/blogs/quay/posts?kind=intro")).json()["items"][0]
    headings = [b["text"] for b in intro["blocks"] if b["type"] == "heading"]
    assert headings == ["What we know", "Background"]
    replaced = await client.post(
        "/desk/blogs/quay/intro",
        data={"csrf_token": csrf, "body": "Rewritten.", "version": str(intro["version"])},
        headers=SAME_SITE,
    )
    assert replaced.status_code == 303
    again = (await client.get("/api/v1/blogs/quay/posts?kind=intro")).json()["items"]
    assert [p["id"] for p in again] == [intro["id"]]  # the same entry, a new version
    for action, status in (("end", "ended"), ("reopen", "live")):
        await client.post("/desk/blogs/quay/coverage", data={"csrf_token": csrf,
                          "action": action}, headers=SAME_SITE)  # fmt: skip
        assert (await client.get("/api/v1/blogs/quay")).json()["status"] == status


async def test_an_editor_adds_a_contributor_who_can_then_write_drafts(app, client, csrf):
    add_person(app.database, "casey", Role.CONTRIBUTOR)
    await client.post("/desk/blogs/new", data={"slug": "quay", "title": "Quay",
                                               "csrf_token": csrf}, headers=SAME_SITE)  # fmt: skip
    path = "/desk/blogs/quay/members"
    unknown = await client.post(
        path, data={"csrf_token": csrf, "name": "nobody"}, headers=SAME_SITE
    )
    assert unknown.status_code == 422
    assert "there is nobody called" in unknown.text
    added = await client.post(path, data={"csrf_token": csrf, "name": "casey"}, headers=SAME_SITE)
    assert added.status_code == 303
    home = await _home_of(app, "casey")
    assert "Quay" in home


async def _home_of(app, name: str) -> str:
    import httpx

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as c:
        await sign_in(c, name)
        return (await c.get("/desk/")).text
