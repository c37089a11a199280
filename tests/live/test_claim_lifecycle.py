"""A claim's whole life, reported → disputed → false across three updates, followed on a
real `dateline serve`: in the live stream, the polling feed, the page, the claims page,
the Atom and JSON feeds and the page's JSON-LD."""

from __future__ import annotations

import uuid

import extruct
import feedparser
import httpx
import pytest
from bs4 import BeautifulSoup

from .sse_client import events

pytestmark = pytest.mark.server


def test_a_claims_life_reaches_every_reader_surface(server):
    slug = f"ferry-{uuid.uuid4().hex[:8]}"
    api = server.api
    assert (
        api.post(
            "/api/v1/blogs",
            json={"slug": slug, "title": "Ferry", "time_zone": "UTC", "stamp_format": "{HH}:{mm}"},
        ).status_code
        == 201
    )
    source = api.post("/api/v1/sources", json={"name": f"Coastguard {slug}", "kind": "official"})
    claim = api.post(
        f"/api/v1/blogs/{slug}/claims",
        json={"statement": "All forty passengers were rescued", "source_id": source.json()["id"]},
    ).json()
    claim_path = f"/api/v1/blogs/{slug}/claims/{claim['id']}"

    client = httpx.Client(timeout=httpx.Timeout(10, read=10))
    with client, client.stream("GET", f"{server.url}/{slug}/live") as response:
        incoming = (e for e in events(response) if not e.comment)

        reported = server.publish(slug, "The coastguard says everyone is safe.")
        api.patch(
            f"/api/v1/blogs/{slug}/posts/{reported['id']}",
            json={"version": 1, "claims": [claim["id"]]},
        )
        assert next(incoming).data["action"] == "publish"
        attached = next(incoming).data
        assert attached["action"] == "edit"
        assert f'data-claim-id="{claim["id"]}"' in attached["html"]
        assert ">Unverified<" in attached["html"]

        disputing = api.post(
            f"/api/v1/blogs/{slug}/posts",
            json={
                "body": "A relative says two passengers are missing.",
                "claims": [{"id": claim["id"], "role": "disputes"}],
            },
        ).json()
        assert next(incoming).data["post_id"] == disputing["id"]
        api.patch(
            claim_path,
            json={
                "version": 1,
                "status": "disputed",
                "post_id": disputing["id"],
                "note": "A relative contradicts it",
            },
        )
        disputed = next(incoming)
        assert (disputed.data["action"], disputed.data["claim_id"]) == ("claim", claim["id"])
        assert disputed.data["claim_status"] == "disputed"
        assert ">Disputed<" in disputed.data["claim_html"]
        assert disputed.data["announce"] == "Claim now Disputed: All forty passengers were rescued"

        refuting = api.post(
            f"/api/v1/blogs/{slug}/posts",
            json={
                "body": "The port authority lists two passengers as missing.",
                "claims": [{"id": claim["id"], "role": "refutes"}],
            },
        ).json()
        assert next(incoming).data["post_id"] == refuting["id"]
        api.patch(
            claim_path,
            json={
                "version": 2,
                "status": "false",
                "post_id": refuting["id"],
                "note": "Two passengers are missing",
            },
        )
        refuted = next(incoming)
        assert refuted.id == disputed.id + 2
        assert refuted.data["claim_status"] == "false"
        assert ">False<" in refuted.data["claim_html"]
        assert f'href="/{slug}/updates/{refuting["id"]}"' in refuted.data["claim_html"]

    feed = httpx.get(f"{server.url}/api/v1/blogs/{slug}/changes", params={"after": 0}).json()
    claim_changes = [c for c in feed["changes"] if c["action"] == "claim"]
    assert [(c["claim_status"], c["seq"]) for c in claim_changes] == [
        ("disputed", disputed.id),
        ("false", refuted.id),
    ]
    # Replayed as now: every update carrying the claim shows its status now.
    posts = [c for c in feed["changes"] if c.get("html") and "data-claim-id" in c["html"]]
    assert posts and all(">False<" in c["html"] for c in posts)

    page = BeautifulSoup(httpx.get(f"{server.url}/{slug}/").text, "html.parser")
    badges = page.select(f'[data-claim-id="{claim["id"]}"] .claim-status')
    assert [b.get_text() for b in badges] == ["False", "False", "False"]

    claims_page = BeautifulSoup(httpx.get(f"{server.url}/{slug}/claims").text, "html.parser")
    timeline = [li.strong.get_text() for li in claims_page.select(".claim-timeline li")]
    assert timeline == ["Unverified", "Disputed", "False"]
    assert f"Claimed by Coastguard {slug}" in claims_page.get_text()

    # The feeds carry it too (every entry that carries the claim says False now), and the
    # page's JSON-LD reviews it.
    atom = feedparser.parse(httpx.get(f"{server.url}/{slug}/feed.atom").content)
    assert not atom.bozo
    carrying = [
        e for e in atom.entries if "All forty passengers were rescued" in e.content[0].value
    ]
    assert carrying and all("False" in e.content[0].value for e in carrying)
    items = httpx.get(f"{server.url}/{slug}/feed.json").json()["items"]
    assert any("All forty passengers were rescued" in i["content_html"] for i in items)
    ld = extruct.extract(str(page), syntaxes=["json-ld"])["json-ld"][0]
    reviews = [d for d in ld["@graph"] if d["@type"] == "ClaimReview"]
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["False"]
