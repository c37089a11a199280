"""Claims in a real browser: a badge changes live and is announced; the record pages and
the page as it stood are accessible."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.server


@pytest.fixture
def claimed(server) -> dict:
    """A blog with an update whose quote is marked as an unverified claim."""
    slug = f"quay-{uuid.uuid4().hex[:8]}"
    api = server.api
    assert (
        api.post(
            "/api/v1/blogs",
            json={"slug": slug, "title": "Quay fire", "time_zone": "GMT", "stamp_format": "wire"},
        ).status_code
        == 201
    )
    claim = api.post(
        f"/api/v1/blogs/{slug}/claims", json={"statement": "The warehouse roof collapsed"}
    ).json()
    reported = api.post(
        f"/api/v1/blogs/{slug}/posts",
        json={
            "blocks": [
                {"type": "text", "html": "<p>A firefighter told us:</p>"},
                {"type": "quote", "text": "The roof came down.", "attribution": "A firefighter"},
            ],
            "claims": [{"id": claim["id"], "quote": 1}],
        },
    ).json()
    return {"slug": slug, "claim": claim, "reported": reported}


def test_an_open_pages_badge_turns_false_without_reload_and_is_announced(page, server, claimed):
    slug, claim = claimed["slug"], claimed["claim"]
    page.goto(f"{server.url}/{slug}/")
    page.evaluate("window.__marker = 'same page'")
    status = page.locator(
        f'#update-{claimed["reported"]["id"]} [data-claim-id="{claim["id"]}"] .claim-status'
    )
    expect(status).to_have_text("Unverified")
    page.wait_for_timeout(300)  # the stream is open

    refuting = server.api.post(
        f"/api/v1/blogs/{slug}/posts",
        json={
            "body": "The fire service says the roof is intact.",
            "claims": [{"id": claim["id"], "role": "refutes"}],
        },
    ).json()
    expect(page.locator(f"#update-{refuting['id']}")).to_be_visible(timeout=3000)
    changed = server.api.patch(
        f"/api/v1/blogs/{slug}/claims/{claim['id']}",
        json={
            "version": 1,
            "status": "false",
            "post_id": refuting["id"],
            "note": "The fire service inspected the roof",
        },
    )
    assert changed.status_code == 200

    expect(status).to_have_text("False", timeout=3000)
    verdict = page.locator(f"#update-{claimed['reported']['id']} .claim-verdict")
    expect(verdict.locator("a")).to_have_attribute("href", f"/{slug}/updates/{refuting['id']}")
    region = page.locator("#live-announcer")
    expect(region).to_have_text("Claim now False: The warehouse roof collapsed")
    assert region.get_attribute("aria-live") == "polite"
    assert region.get_attribute("role") == "status"
    assert page.evaluate("window.__marker") == "same page"  # never reloaded


def serious(page) -> list:
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_claims_corrections_and_the_past_are_axe_clean_and_fit_a_small_screen(
    browser, server, claimed, scheme
):
    slug, claim = claimed["slug"], claimed["claim"]
    api = server.api
    disputing = api.post(
        f"/api/v1/blogs/{slug}/posts",
        json={
            "body": "Neighbours say the roof is standing.",
            "claims": [{"id": claim["id"], "role": "disputes"}],
        },
    ).json()
    api.patch(
        f"/api/v1/blogs/{slug}/claims/{claim['id']}",
        json={"version": 1, "status": "disputed", "post_id": disputing["id"]},
    )
    api.patch(
        f"/api/v1/blogs/{slug}/posts/{disputing['id']}",
        json={
            "version": 1,
            "body": "Neighbours say the roof still stands.",
            "correction": {"note": "We quoted the wrong neighbour."},
        },
    )
    now = datetime.now(UTC).isoformat()
    context = browser.new_context(viewport={"width": 360, "height": 800}, color_scheme=scheme)
    tab = context.new_page()
    found = {}
    for name, path in [
        ("page", f"/{slug}/"),
        ("claims", f"/{slug}/claims"),
        ("corrections", f"/{slug}/corrections"),
        ("as it stood", f"/{slug}/?at={now.replace('+', '%2B')}"),
    ]:
        tab.goto(f"{server.url}{path}")
        found[name] = (serious(tab), tab.evaluate("document.documentElement.scrollWidth"))
    context.close()
    assert found == {name: ([], 360) for name in found}
