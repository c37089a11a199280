"""An editor corrects an update's time: an open reader page moves it to its place."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.server


def test_a_corrected_time_moves_the_update_on_an_open_page(page, server):
    slug = f"late-{uuid.uuid4().hex[:8]}"
    assert server.api.post("/api/v1/blogs", json={"slug": slug, "title": "Late"}).status_code == 201
    first = server.publish(slug, "Reported first.")
    second = server.publish(slug, "Reported second.")
    page.goto(f"{server.url}/{slug}/")
    stream = page.locator("#stream > article")
    expect(stream.first).to_have_attribute("data-id", str(second["id"]))
    page.wait_for_timeout(300)  # the stream is open

    later = (datetime.now(UTC) + timedelta(seconds=30)).isoformat()
    answer = server.api.patch(
        f"/api/v1/blogs/{slug}/posts/{first['id']}",
        json={"version": first["version"], "published_at": later},
    )
    assert answer.status_code == 200, answer.text

    expect(stream.first).to_have_attribute("data-id", str(first["id"]), timeout=2000)
    expect(stream).to_have_count(2)
