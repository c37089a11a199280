"""The weight budget: a reader's first view of a blog, pictures aside, is at most 25 KB.

Measured in Chromium as bytes on the wire (headers and compressed bodies) for
everything the page loads but pictures and the live stream itself, on the
demo blog (twenty updates with quotes, social posts, a key-event list).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from dateline.demo.seed import seed
from dateline.store.database import Database

pytestmark = pytest.mark.server

BUDGET = 25_000
NOT_COUNTED = {"image", "media", "eventsource"}


def test_the_first_view_of_the_blog_page_without_pictures_is_within_25_kb(page: Page, server):
    database = Database(server.database_url)
    slug = seed(database).slug
    database.close()
    loaded = []
    page.on("requestfinished", lambda request: loaded.append(request))
    page.goto(f"{server.url}/{slug}/", wait_until="networkidle")
    weights = {}
    for request in loaded:
        if request.resource_type in NOT_COUNTED:
            continue
        sizes = request.sizes()
        weights[request.url] = sizes["responseHeadersSize"] + sizes["responseBodySize"]
    assert any(url.endswith(f"/{slug}/") for url in weights)
    assert any("dateline.css" in url for url in weights)
    assert any("dateline.js" in url for url in weights)
    total = sum(weights.values())
    print(f"first view: {total:,} bytes", weights)
    assert total <= BUDGET, f"{total:,} bytes: {weights}"
