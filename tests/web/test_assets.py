"""Versioned assets: kept for a year, compressed once (Brotli, gzip), with ETags."""

from __future__ import annotations

import gzip

import brotli
import pytest

from dateline.web.app import STATIC

pytestmark = pytest.mark.anyio


async def test_a_versioned_stylesheet_is_immutable_for_a_year_and_sent_as_brotli(app, client):
    url = app.urls.static("dateline.css")
    assert "?v=" in url
    response = await client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert response.headers["content-encoding"] == "br"
    assert response.headers["vary"] == "accept-encoding"
    assert response.headers["content-type"] == "text/css; charset=utf-8"
    assert response.headers["etag"]
    assert response.headers["x-content-type-options"] == "nosniff"
    original = (STATIC / "dateline.css").read_bytes()
    assert response.content == original  # httpx decoded the Brotli
    assert int(response.headers["content-length"]) < len(original) / 3


async def test_each_client_gets_the_encoding_it_takes(app, client):
    url = app.urls.static("dateline.js")
    original = (STATIC / "dateline.js").read_bytes()
    only_gzip = await client.get(url, headers={"Accept-Encoding": "gzip"})
    assert only_gzip.headers["content-encoding"] == "gzip"
    assert only_gzip.content == original
    refused = await client.get(url, headers={"Accept-Encoding": "br;q=0, gzip;q=0"})
    assert "content-encoding" not in refused.headers
    assert refused.content == original
    assert refused.headers["content-type"] == "text/javascript; charset=utf-8"
    # The stored forms really are what they say.
    asset = app.assets.get("/static/dateline.js")
    assert asset is not None and asset.gzipped and asset.brotli
    assert gzip.decompress(asset.gzipped) == brotli.decompress(asset.brotli) == original


async def test_a_revalidation_with_the_etag_gets_304_without_a_body(app, client):
    url = app.urls.static("dateline.js")
    first = await client.get(url)
    again = await client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["cache-control"].endswith("immutable")


async def test_an_unversioned_or_stale_asset_url_is_kept_only_briefly(app, client):
    for url in ("/static/dateline.css", "/static/dateline.css?v=old"):
        response = await client.get(url)
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=60"


async def test_head_and_unknown_assets(app, client):
    head = await client.head(app.urls.static("dateline.css"))
    assert head.status_code == 200 and head.content == b""
    assert (await client.get("/static/nothing-here.css")).status_code == 404
    assert (await client.get("/static/../settings.py")).status_code == 404


async def test_the_page_is_sent_as_brotli_to_browsers_that_take_it(client, editor):
    await client.post("/api/v1/blogs", json={"slug": "quake", "title": "Quake"}, headers=editor)
    await client.patch("/api/v1/blogs/quake", json={"status": "live"}, headers=editor)
    plain = await client.get("/quake/", headers={"Accept-Encoding": "identity"})
    compact = await client.get("/quake/", headers={"Accept-Encoding": "gzip, br"})
    assert compact.headers["content-encoding"] == "br"
    assert compact.content == plain.content
    assert compact.headers["etag"] == plain.headers["etag"]
