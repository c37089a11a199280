"""The site's settings and the import upload on the desk, through real HTTP: who may,
the CSRF rule, values saved and forgotten, an upload's report, its error by line with
nothing written, a dry run that keeps nothing, and every page valid HTML."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from dateline.domain.roles import Role
from dateline.web.limits import RequestLimits
from tests.markup import html_errors
from tests.web.signing_in import SAME_SITE, add_person, sign_in

pytestmark = pytest.mark.anyio

# A small legacy file of our own: newest first, the intro under LATEST's last update.
HARBOUR = b"""LATEST
UPDATE 1130 GMT: The harbour master reopens the north quay to small boats.
UPDATE 1045 GMT: Divers finish checking the sea wall; no breach was found.
UPDATE 0950 GMT: The ferry to the island is cancelled for the morning.
"""
# Line 1 is fine; line 2 is not JSON.
BROKEN = b'{"format": "dateline-export",\n  oops\n}\n'
CAST = {"amira": Role.ADMIN, "edna": Role.EDITOR, "casey": Role.CONTRIBUTOR}


@asynccontextmanager
async def signed_in(app, name: str) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dateline.test") as client:
        yield client, await sign_in(client, name)


@pytest.fixture
def cast(app):
    for name, role in CAST.items():
        add_person(app.database, name, role)


def upload(csrf: str | None, data: dict[str, str], content: bytes = HARBOUR):
    fields = {"date": "2026-11-30", **data, **({"csrf_token": csrf} if csrf else {})}
    return {"data": fields, "files": {"file": ("harbour.txt", content, "text/plain")},
            "headers": SAME_SITE}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "site", "imports"),
    [("amira", 200, 200), ("edna", 403, 200), ("casey", 403, 403)],
)
async def test_each_role_is_allowed_or_refused(app, cast, name, site, imports):
    async with signed_in(app, name) as (client, csrf):
        assert (await client.get("/desk/site")).status_code == site
        saved = await client.post(
            "/desk/site", data={"csrf_token": csrf, "publisher_name": f"By {name}"},
            headers=SAME_SITE,
        )  # fmt: skip
        assert saved.status_code == (303 if site == 200 else 403)
        assert (await client.get("/desk/import")).status_code == imports
        sent = await client.post("/desk/import", **upload(csrf, {"blog": f"h-{name}"}))
        assert sent.status_code == imports, sent.text
        home = (await client.get("/desk/")).text
        assert ('href="/desk/site"' in home) == (site == 200)
        assert ('href="/desk/import"' in home) == (imports == 200)
    async with signed_in(app, "amira") as (admin, _):
        exists = (await admin.get(f"/api/v1/blogs/h-{name}")).status_code
    assert exists == (200 if imports == 200 else 404)


async def test_a_change_without_the_csrf_token_is_refused(app, cast):
    async with signed_in(app, "amira") as (client, _):
        site = await client.post("/desk/site", data={"publisher_name": "Forged"},
                                 headers=SAME_SITE)  # fmt: skip
        sent = await client.post("/desk/import", **upload(None, {"blog": "forged"}))
        assert (site.status_code, sent.status_code) == (403, 403)
        assert (await client.get("/api/v1/site")).json()["publisher_name"] != "Forged"
        assert (await client.get("/api/v1/blogs/forged")).status_code == 404


async def test_site_settings_are_saved_shown_by_source_and_forgotten(app, cast):
    async with signed_in(app, "amira") as (client, csrf):
        page = (await client.get("/desk/site")).text
        assert "From the environment (DATELINE_PUBLISHER_NAME)" in page
        saved = await client.post(
            "/desk/site",
            data={"csrf_token": csrf, "publisher_name": "Harbour Gazette",
                  "publisher_logo": "", "home_url": "", "language": "en"},
            headers=SAME_SITE,
        )  # fmt: skip
        assert saved.status_code == 303
        site = (await client.get("/api/v1/site")).json()
        assert site["publisher_name"] == "Harbour Gazette"
        # Only the changed value is stored: the rest still come from the environment.
        assert site["stored"] == ["publisher_name"]
        page = (await client.get(saved.headers["location"])).text
        assert "Saved here. The environment (DATELINE_PUBLISHER_NAME) says" in page
        assert 'name="forget" value="publisher_name"' in page
        forgot = await client.post(
            "/desk/site",
            data={"csrf_token": csrf, "publisher_name": "Harbour Gazette",
                  "forget": "publisher_name", "language": "en"},
            headers=SAME_SITE,
        )  # fmt: skip
        assert forgot.status_code == 303
        site = (await client.get("/api/v1/site")).json()
        assert site["stored"] == [] and site["publisher_name"] != "Harbour Gazette"


async def test_bad_site_settings_are_shown_beside_their_fields_and_nothing_is_kept(app, cast):
    async with signed_in(app, "amira") as (client, csrf):
        refused = await client.post(
            "/desk/site",
            data={"csrf_token": csrf, "publisher_name": "Kept?", "home_url": "javascript:x",
                  "language": "not a language"},
            headers=SAME_SITE,
        )  # fmt: skip
        assert refused.status_code == 422
        assert re.search(r'id="home_url-error">[^<]+<', refused.text)
        assert re.search(r'id="language-error">[^<]+<', refused.text)
        assert 'value="Kept?"' in refused.text  # what was typed stays in the form
        assert (await client.get("/api/v1/site")).json()["stored"] == []


async def test_an_upload_imports_the_updates_and_shows_the_report(app, cast):
    async with signed_in(app, "edna") as (client, csrf):
        sent = await client.post(
            "/desk/import", **upload(csrf, {"blog": "harbour", "date": "2026-11-30",
                                            "tz": "Europe/London", "format": "text"}),
        )  # fmt: skip
        assert sent.status_code == 200, sent.text
        assert "Created 3 updates" in sent.text and "Imported" in sent.text
        assert 'the blog <a href="/desk/blogs/harbour/">harbour</a>' in sent.text
        posts = (await client.get("/api/v1/blogs/harbour/posts")).json()["items"]
        assert len(posts) == 3
        assert 'href="/api/v1/blogs/harbour/export"' in (await client.get("/desk/import")).text
        export = await client.get("/api/v1/blogs/harbour/export")
        assert export.status_code == 200 and export.json()["blog"]["slug"] == "harbour"
        again = await client.post("/desk/import", **upload(csrf, {"blog": "harbour"}))
        assert again.status_code == 422  # exists, and "into the existing blog" not ticked
        assert re.search(r'id="blog-error">[^<]*already exists', again.text)


async def test_a_malformed_file_shows_the_line_and_imports_nothing(app, cast):
    async with signed_in(app, "edna") as (client, csrf):
        sent = await client.post(
            "/desk/import", **upload(csrf, {"blog": "broken", "format": "dateline"}, BROKEN)
        )
        assert sent.status_code == 422
        assert re.search(r'id="file-error">line 2: ', sent.text), sent.text
        assert (await client.get("/api/v1/blogs/broken")).status_code == 404


async def test_a_dry_run_shows_what_would_be_made_and_keeps_nothing(app, cast):
    async with signed_in(app, "edna") as (client, csrf):
        sent = await client.post(
            "/desk/import", **upload(csrf, {"blog": "dry", "date": "2026-11-30",
                                            "dry_run": "true"}),
        )  # fmt: skip
        assert sent.status_code == 200, sent.text
        assert "Dry run: nothing was kept" in sent.text and "Would create 3 updates" in sent.text
        assert 'href="/desk/blogs/dry/"' not in sent.text  # no link to a blog that is not
        assert (await client.get("/api/v1/blogs/dry")).status_code == 404


async def test_both_pages_are_valid_html_with_reports_and_errors(app, cast):
    async with signed_in(app, "amira") as (client, csrf):
        pages = {"site": (await client.get("/desk/site")).text,
                 "import": (await client.get("/desk/import")).text}  # fmt: skip
        pages["site-refused"] = (await client.post(
            "/desk/site", data={"csrf_token": csrf, "home_url": "javascript:x"},
            headers=SAME_SITE,
        )).text  # fmt: skip
        await client.post("/desk/site", data={"csrf_token": csrf, "publisher_name": "Gazette"},
                          headers=SAME_SITE)  # fmt: skip
        pages["site-stored"] = (await client.get("/desk/site")).text
        pages["report"] = (await client.post("/desk/import", **upload(csrf, {"blog": "h"}))).text
        pages["refused"] = (await client.post(
            "/desk/import", **upload(csrf, {"blog": "b", "format": "dateline"}, BROKEN)
        )).text  # fmt: skip
    assert html_errors(pages) == []


async def test_the_import_path_has_the_import_body_limit(app):
    limits = app.limited  # RequestIds → SecurityHeaders → RequestLimits
    while not isinstance(limits, RequestLimits):
        limits = limits.app
    assert limits.limit_for("/desk/import") > 60 << 20 > limits.max_body
