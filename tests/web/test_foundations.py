"""One rule each: the intro in the API, errors in the reader's language, a site under a
path, the published schema matching what is sent, settings read properly."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
import jsonschema
import pytest
from bs4 import BeautifulSoup
from sqlalchemy.exc import OperationalError

from dateline.render.renderer import Renderer
from dateline.settings import Settings
from dateline.urls import Urls
from dateline.web import create_app
from dateline.web.errors import describe, html_error
from tests.conftest import make_token, settings_for_tests
from tests.samples import full_blog, post

pytestmark = pytest.mark.anyio


# -- the intro entry is part of the API ------------------------------------------------


async def test_the_post_list_carries_the_intro_first_whatever_the_order(client, editor):
    ids = await full_blog(client, editor)
    for order in ("newest", "oldest"):
        items = (await client.get(f"/api/v1/blogs/river/posts?order={order}")).json()["items"]
        assert items[0]["id"] == ids["intro"]["id"]
        assert items[0]["kind"] == "intro"
        assert [i["kind"] for i in items[1:]] == ["update"] * 3


async def test_kind_filters_the_post_list(client, editor):
    ids = await full_blog(client, editor)
    intro = (await client.get("/api/v1/blogs/river/posts?kind=intro")).json()["items"]
    assert [i["id"] for i in intro] == [ids["intro"]["id"]]
    updates = (await client.get("/api/v1/blogs/river/posts?kind=update")).json()["items"]
    assert {i["kind"] for i in updates} == {"update"} and len(updates) == 3
    bad = await client.get("/api/v1/blogs/river/posts?kind=poll")
    assert bad.status_code == 422


async def test_the_intro_is_not_repeated_on_later_pages(client, editor):
    await full_blog(client, editor)
    first = (await client.get("/api/v1/blogs/river/posts?limit=1")).json()
    later = (await client.get(f"/api/v1/blogs/river/posts?cursor={first['next_cursor']}")).json()
    assert "intro" not in [i["kind"] for i in later["items"]]


# -- errors answer in the reader's language -----------------------------------------------


@pytest.mark.parametrize(
    "path", ["/river/updates/abc", "/river/x", "/river/updates/0", "/nowhere/"]
)
async def test_a_mistyped_reader_address_is_an_html_404(client, editor, path):
    await full_blog(client, editor)
    response = await client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>" in response.text


async def test_a_deleted_update_is_410_with_a_way_back_to_the_blog(client, editor):
    ids = await full_blog(client, editor)
    update = ids["quote"]["id"]
    assert (await client.delete(f"/api/v1/blogs/river/posts/{update}", headers=editor)).is_success
    response = await client.get(f"/river/updates/{update}")
    assert response.status_code == 410
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.select_one('main a[href="/river/"]').get_text() == "Go to The river crossing"
    assert "The mayor" not in response.text


async def test_api_errors_stay_json(client):
    response = await client.get("/api/v1/blogs/nowhere")
    assert response.status_code == 404
    assert response.json() == {"detail": "No blog 'nowhere'."}
    assert (await client.get("/api/v1/nothing")).json() == {"detail": "Not Found"}


def test_a_database_that_does_not_answer_is_a_503_page_with_retry_after():
    error = OperationalError("SELECT 1", {}, Exception("connection refused"))
    status, _, headers = describe(error)
    assert (status, headers["Retry-After"]) == (503, "5")
    page = html_error(Renderer(Urls("http://x.test")), error)
    assert page.status_code == 503
    assert b"Back in a moment" in page.body


async def test_the_api_reference_is_served_by_dateline_itself(client):
    html = (await client.get("/api/docs")).text
    soup = BeautifulSoup(html, "html.parser")
    sources = [t.get("src") or t.get("href") for t in soup.select("script[src], link[href]")]
    assert sources and all(s.startswith("/static/") for s in sources)
    for source in sources:
        assert (await client.get(source)).status_code == 200


# -- a site under a path ------------------------------------------------------------------


@pytest.fixture
async def prefixed(sqlite_url):
    app = create_app(settings_for_tests(sqlite_url, base_url="https://example.org/live"))
    await app.start()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://example.org") as client:
        yield client, {"Authorization": f"Bearer {make_token(app.database)}"}
    await app.stop()


async def test_a_site_under_a_path_builds_every_address_under_it(prefixed):
    client, editor = prefixed
    ids = await full_blog(client, editor)
    for path in ("/live/river/", "/river/"):  # the proxy may pass the prefix on or strip it
        response = await client.get(path)
        assert response.status_code == 200
        soup = BeautifulSoup(response.text, "html.parser")
        addresses = [t.get("href") or t.get("src") for t in soup.select("[href], [src]")]
        own = [a for a in addresses if a.startswith("/") or urlsplit(a).netloc == "example.org"]
        outside = [a for a in own if not a.startswith(("/live/", "https://example.org/live/"))]
        assert own and outside == []
        main = soup.select_one("main.blog")
        assert main["data-live-url"] == "/live/river/live"
        assert main["data-changes-url"] == "/live/api/v1/blogs/river/changes"
        assert main["data-update-url"] == "/live/river/updates/{id}"
    made = (await client.get(f"/live/api/v1/blogs/river/posts/{ids['quote']['id']}")).json()
    assert made["url"] == f"https://example.org/live/river/updates/{ids['quote']['id']}"
    blog = (await client.get("/live/api/v1/blogs/river")).json()
    assert blog["links"]["page"] == "https://example.org/live/river/"
    moved = await client.get("/live/river")
    assert (moved.status_code, moved.headers["location"]) == (301, "/live/river/")
    assert (await client.get("/live/river/live?after=999999")).status_code == 200


# -- the published schema describes what is sent -----------------------------------------


async def test_real_responses_match_the_published_openapi_schema(client, editor):
    ids = await full_blog(client, editor)
    spec = (await client.get("/api/v1/openapi.json")).json()
    slug, update = "river", ids["every"]["id"]
    await client.patch(
        f"/api/v1/blogs/river/posts/{update}", json={"version": 1, "body": "New"}, headers=editor
    )
    checked = {
        ("/api/v1/blogs", "get"): "/api/v1/blogs",
        ("/api/v1/blogs/{slug}", "get"): f"/api/v1/blogs/{slug}",
        ("/api/v1/blogs/{slug}/posts", "get"): f"/api/v1/blogs/{slug}/posts",
        ("/api/v1/blogs/{slug}/posts/{post_id}", "get"): f"/api/v1/blogs/{slug}/posts/{update}",
        ("/api/v1/blogs/{slug}/posts/{post_id}/revisions", "get"): (
            f"/api/v1/blogs/{slug}/posts/{update}/revisions"
        ),
        ("/api/v1/blogs/{slug}/changes", "get"): f"/api/v1/blogs/{slug}/changes",
    }
    for (template, method), path in checked.items():
        for headers in ({}, editor):
            response = await client.get(path, headers=headers)
            if response.status_code == 401:
                continue
            assert response.status_code == 200, (path, response.text)
            schema = _response_schema(spec, template, method)
            jsonschema.validate(response.json(), schema)


def _response_schema(spec: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    content = spec["paths"][path][method]["responses"]["200"]["content"]
    schema = content["application/json"]["schema"]
    # Make the component references resolvable from this schema, and refuse extra keys so
    # a field sent but not published fails.
    return {**schema, "components": _closed(spec["components"])}


def _closed(components: dict[str, Any]) -> dict[str, Any]:
    schemas = {}
    for name, schema in components["schemas"].items():
        if schema.get("type") == "object" and "properties" in schema:
            schema = {**schema, "additionalProperties": False}
        schemas[name] = schema
    return {**components, "schemas": schemas}


async def test_a_field_sent_but_not_published_is_caught(client, editor):
    """The schema check above can fail: an extra key does not validate."""
    await full_blog(client, editor)
    spec = (await client.get("/api/v1/openapi.json")).json()
    blog = (await client.get("/api/v1/blogs/river")).json()
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {**blog, "secret": 1}, _response_schema(spec, "/api/v1/blogs/{slug}", "get")
        )


# -- settings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2.5", 2.5), ("10", 10.0)],
)
def test_numbers_in_settings_are_read_as_numbers(raw, expected):
    assert Settings.from_env({"DATELINE_POLL_INTERVAL": raw}).poll_interval == expected


@pytest.mark.parametrize("raw", ["soon", "-1", "1e999x"])
def test_a_setting_that_is_not_its_type_stops_start_up_with_its_name(raw):
    with pytest.raises(ValueError, match="DATELINE_POLL_INTERVAL"):
        Settings.from_env({"DATELINE_POLL_INTERVAL": raw})


def test_booleans_in_settings_mean_what_they_say():
    from dateline.settings import parse_value

    assert parse_value("X", "false", bool) is False
    assert parse_value("X", "0", bool) is False
    assert parse_value("X", "yes", bool) is True
    with pytest.raises(ValueError, match="true or false"):
        parse_value("X", "maybe", bool)


async def test_a_hidden_draft_post_is_not_in_the_list_for_readers(client, editor):
    await full_blog(client, editor)
    await post(client, editor, "river", body="Not yet.", status="draft")
    items = (await client.get("/api/v1/blogs/river/posts")).json()["items"]
    assert "Not yet." not in str(items)
