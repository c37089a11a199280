"""Import and export through the API: the same import as the CLI, over real HTTP in-process."""

from __future__ import annotations

import json

import pytest

from dateline.domain.roles import Role
from tests.conftest import make_token
from tests.formats.importing import FIXTURES
from tests.formats.newsroom_day import SLUG, build_newsroom_day

pytestmark = pytest.mark.anyio
MIDNIGHT = (FIXTURES / "legacy_midnight.txt").read_bytes()


async def test_a_form_upload_imports_the_file_and_answers_the_report(client, editor):
    response = await client.post(
        "/api/v1/import",
        headers=editor,
        files={"file": ("count.txt", MIDNIGHT, "text/plain")},
        data={"blog": "island-count", "date": "2024-03-04", "tz": "UTC"},
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["updates"] == 5 and report["intro"] and report["created_blog"]
    assert report["posts"][-1]["published_at"] == "2024-03-04T00:40:00Z"
    page = await client.get("/api/v1/blogs/island-count/posts")
    assert len(page.json()["items"]) == 6  # and the intro entry
    reader = await client.get("/island-count/")
    assert "Виборчі дільниці" in reader.text


async def test_the_file_may_be_the_body_with_the_options_in_the_query(client, editor):
    page = (FIXTURES / "liveblog_offsets.html").read_bytes()
    response = await client.post(
        "/api/v1/import?blog=valley&dry_run=true",
        headers={**editor, "content-type": "text/html"},
        content=page,
    )
    assert response.status_code == 200, response.text
    assert response.json()["dry_run"] and response.json()["updates"] == 3
    assert (await client.get("/api/v1/blogs/valley")).status_code == 404  # a dry run keeps nothing


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"blog": "Bad Slug"}, "blog"),
        ({"blog": "ok", "date": "12/12/2016"}, "date"),
        ({"blog": "ok", "tz": "Mars/Olympus"}, "tz"),
        ({"blog": "ok", "format": "docx"}, "format"),
        ({}, "blog"),
    ],
)
async def test_bad_options_are_named(client, editor, data, field):
    response = await client.post(
        "/api/v1/import", headers=editor, files={"file": ("a.txt", MIDNIGHT)}, data=data
    )
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["detail"]]


async def test_a_malformed_file_is_a_422_naming_the_line_and_nothing_is_written(client, editor):
    response = await client.post(
        "/api/v1/import?blog=broken&date=2024-01-01",
        headers={**editor, "content-type": "text/plain"},
        content=b"UPDATE 2145 GMT: fine\nUPDATE 2100 GMT:\n",
    )
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "file" and error["msg"].startswith("line 2:")
    assert (await client.get("/api/v1/blogs/broken")).status_code == 404


async def test_only_editors_and_admins_import_and_export(app, client):
    contributor = {"Authorization": f"Bearer {make_token(app.database, 'cora', Role.CONTRIBUTOR)}"}
    response = await client.post(
        "/api/v1/import?blog=x&date=2024-03-04",
        headers={**contributor, "content-type": "text/plain"},
        content=MIDNIGHT,
    )
    assert response.status_code == 403
    assert (await client.post("/api/v1/import?blog=x", content=MIDNIGHT)).status_code == 401
    assert (await client.get("/api/v1/blogs/x/export", headers=contributor)).status_code in (
        403,
        404,
    )
    assert (await client.get("/api/v1/blogs/x/export")).status_code == 401


async def test_an_import_over_the_limit_is_refused_before_it_is_read(client, editor):
    from dateline.web.api_import_export import body_limit

    response = await client.post(
        "/api/v1/import?blog=big",
        headers={**editor, "content-type": "text/plain", "content-length": str(body_limit() + 1)},
        content=b"x",
    )
    assert response.status_code == 413


async def test_the_export_is_the_blog_whole_and_imports_back_over_the_api(app, client, editor):
    build_newsroom_day(app.database)
    response = await client.get(f"/api/v1/blogs/{SLUG}/export", headers=editor)
    assert response.status_code == 200
    assert response.headers["content-disposition"].endswith(f'"{SLUG}.dateline.json"')
    exported = response.content
    assert json.loads(exported)["blog"]["slug"] == SLUG
    again = await client.post(
        "/api/v1/import", headers=editor,
        files={"file": ("e.json", exported, "application/json")}, data={"blog": "copy"},
    )  # fmt: skip
    assert again.status_code == 200, again.text
    assert again.json()["format"] == "dateline-export"
    copy = await client.get("/api/v1/blogs/copy/export", headers=editor)
    assert (
        json.loads(copy.content)["posts"][0]["blocks"] == json.loads(exported)["posts"][0]["blocks"]
    )


async def test_the_blog_route_takes_the_slug_from_the_path_and_large_files(client, editor):
    response = await client.post(
        "/api/v1/blogs/island-count/import?date=2024-03-04",
        headers={**editor, "content-type": "text/plain"},
        content=MIDNIGHT,
    )
    assert response.status_code == 200, response.text
    assert response.json()["blog"] == "island-count"
    # Over the general 1 MB limit, within the import's: read, then judged on its words.
    large = b"UPDATE 2145 GMT: " + b"word " * 300_000
    response = await client.post(
        "/api/v1/blogs/large/import?date=2024-03-04",
        headers={**editor, "content-type": "text/plain"},
        content=large,
    )
    assert response.status_code == 422
    assert "limit is 20,000" in response.json()["detail"][0]["msg"]
    too_large = await client.post(
        "/api/v1/blogs/large/posts", headers={**editor, "content-type": "application/json"},
        content=large,
    )  # fmt: skip
    assert too_large.status_code == 413
