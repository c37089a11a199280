"""Every page works under its strict Content-Security-Policy: the browser reports no
violation, and the live page still goes live."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.samples import EVERY_BLOCK

pytestmark = pytest.mark.server


def test_pages_run_under_their_policy_without_a_single_violation(page: Page, server):
    slug = f"csp-{uuid.uuid4().hex[:8]}"
    assert server.api.post("/api/v1/blogs", json={"slug": slug, "title": "CSP"}).is_success
    made = server.api.post(
        f"/api/v1/blogs/{slug}/posts", json={"blocks": EVERY_BLOCK, "key_event": "All of it"}
    ).json()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    for path in (f"/{slug}/", f"/{slug}/updates/{made['id']}", "/", "/nowhere/", "/api/docs"):
        response = page.goto(f"{server.url}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_timeout(200)
    page.goto(f"{server.url}/{slug}/")
    page.wait_for_timeout(300)
    fresh = server.publish(slug, "Arrives under the policy.")
    expect(page.locator(f"#update-{fresh['id']}")).to_be_visible(timeout=3000)
    assert violations == []
