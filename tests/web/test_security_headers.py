"""The headers every response carries, and the strict policy every page carries."""

from __future__ import annotations

import httpx
import pytest

from dateline.web import create_app
from tests.conftest import settings_for_tests
from tests.samples import full_blog

pytestmark = pytest.mark.anyio


async def test_pages_carry_a_strict_policy_and_everything_the_usual_headers(client, editor):
    ids = await full_blog(client, editor)
    for path in ("/river/", f"/river/updates/{ids['every']['id']}", "/", "/nowhere/", "/x/y/z"):
        response = await client.get(path)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, path
        assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    api = await client.get("/api/v1/blogs")
    assert api.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in api.headers  # JSON runs nothing
    assert "strict-transport-security" not in api.headers  # plain http base URL


async def test_https_sites_tell_browsers_to_stay_on_https(sqlite_url):
    app = create_app(settings_for_tests(sqlite_url, base_url="https://news.example"))
    await app.start()
    try:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://news.example") as c:
            for path in ("/", "/api/v1/blogs", "/nowhere/"):
                response = await c.get(path)
                assert response.headers["strict-transport-security"] == "max-age=31536000"
    finally:
        await app.stop()
