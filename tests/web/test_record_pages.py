"""Badges on updates, the claims page and the corrections page, as readers get them."""

from __future__ import annotations

import asyncio

import pytest
from bs4 import BeautifulSoup

from tests.markup import html_errors

pytestmark = pytest.mark.anyio


@pytest.fixture
async def blog(client, editor) -> str:
    response = await client.post(
        "/api/v1/blogs",
        json={
            "slug": "harbour",
            "title": "Harbour fire",
            "stamp_format": "wire",
            "time_zone": "GMT",
        },
        headers=editor,
    )
    assert response.status_code == 201
    return "harbour"


async def write(client, editor, method: str, path: str, **body) -> dict:
    response = await client.request(
        method, f"/api/v1/blogs/harbour{path}", json=body, headers=editor
    )
    assert response.status_code in (200, 201), response.text
    return response.json()


async def soup(client, path: str) -> BeautifulSoup:
    await asyncio.sleep(0.05)  # let the hub take in the last change
    response = await client.get(path)
    assert response.status_code == 200, response.text
    return BeautifulSoup(response.text, "html.parser")


async def test_a_claim_marked_on_a_quote_wears_its_badge_under_the_quote(client, editor, blog):
    claim = await write(client, editor, "POST", "/claims", statement="The tanker exploded")
    update = await write(
        client,
        editor,
        "POST",
        "/posts",
        blocks=[
            {"type": "text", "html": "<p>A port worker told us:</p>"},
            {
                "type": "quote",
                "text": "The tanker went up like a bomb.",
                "attribution": "A port worker",
            },
        ],
        claims=[{"id": claim["id"], "quote": 1}],
    )
    article = (await soup(client, "/harbour/")).select_one(f"#update-{update['id']}")
    badge = article.select_one(".block-quote + .claim.is-quoted")
    assert badge["data-claim-id"] == str(claim["id"])
    assert badge.select_one(".claim-statement")["class"] == ["claim-statement", "visually-hidden"]
    assert badge.select_one(".claim-status").get_text() == "Unverified"
    assert badge.select_one(".claim-history")["href"] == f"/harbour/claims#claim-{claim['id']}"
    single = await soup(client, f"/harbour/updates/{update['id']}")
    assert single.select_one(".claim-status").get_text() == "Unverified"


async def test_the_claims_page_tells_each_claims_story_and_the_corrections_page_each_fix(
    client, editor, blog
):
    claim = await write(client, editor, "POST", "/claims", statement="The tanker exploded")
    first = await write(
        client,
        editor,
        "POST",
        "/posts",
        body="Reports of an explosion.",
        claims=[claim["id"]],
        published_at="2016-12-12T20:45:00Z",
    )
    denial = await write(
        client,
        editor,
        "POST",
        "/posts",
        body="The fire service denies it.",
        claims=[{"id": claim["id"], "role": "refutes"}],
        published_at="2016-12-12T21:15:00Z",
    )
    await write(
        client,
        editor,
        "PATCH",
        f"/claims/{claim['id']}",
        version=1,
        status="false",
        note="The fire service says the tanker is intact",
        post_id=denial["id"],
    )
    await write(
        client,
        editor,
        "PATCH",
        f"/posts/{first['id']}",
        version=1,
        body="Reports of an explosion at the port.",
        correction={"note": "We named the wrong quay."},
    )
    await write(
        client,
        editor,
        "PATCH",
        f"/posts/{denial['id']}",
        version=1,
        body="The fire service denies it!",
        correction={"kind": "minor"},
    )

    page = await soup(client, "/harbour/")
    verdicts = {v.get_text(" ", strip=True) for v in page.select(".claim-verdict")}
    assert verdicts == {"Status: False — see UPDATE 2115 GMT"}
    assert page.select_one(".record-links a")["href"] == "/harbour/claims"
    corrected = page.select_one(f"#update-{first['id']} .correction").get_text()
    assert corrected.startswith("Corrected at ") and corrected.endswith(
        ": We named the wrong quay."
    )
    assert page.select_one(f"#update-{denial['id']} .correction") is None  # minor: not listed

    claims_page = await soup(client, "/harbour/claims")
    entry = claims_page.select_one(f"#claim-{claim['id']}")
    assert entry.h2.get_text() == "The tanker exploded"
    history = [li.get_text(" ", strip=True) for li in entry.select(".claim-timeline li")]
    assert history[0].endswith("Unverified (first reported)")
    assert history[1].endswith(
        "False . The fire service says the tanker is intact ( see UPDATE 2115 GMT )"
    )
    roles = [li.get_text(" ", strip=True) for li in entry.select(".claim-updates li")]
    assert roles == ["UPDATE 2045 GMT : reports the claim", "UPDATE 2115 GMT : refutes it"]

    corrections = await soup(client, "/harbour/corrections")
    listed = [li.get_text(" ", strip=True) for li in corrections.select(".corrections-list li")]
    assert len(listed) == 1
    assert "Correction · UPDATE 2045 GMT We named the wrong quay." in listed[0]


async def test_a_deleted_update_stays_in_the_corrections_list_without_its_link(
    client, editor, blog
):
    update = await write(client, editor, "POST", "/posts", body="Three ships burned.")
    await write(
        client,
        editor,
        "PATCH",
        f"/posts/{update['id']}",
        version=1,
        body="Two ships burned.",
        correction={"note": "One ship was towed clear."},
    )
    await client.delete(f"/api/v1/blogs/harbour/posts/{update['id']}", headers=editor)
    item = (await soup(client, "/harbour/corrections")).select_one(".corrections-list li")
    assert item.find("a") is None
    assert "(this update was later removed)" in item.get_text()


async def test_claims_not_yet_published_stay_off_the_claims_page(client, editor, blog):
    await write(client, editor, "POST", "/claims", statement="Desk only")
    page = await soup(client, "/harbour/claims")
    assert page.select(".claim-entry") == []
    assert "No claims are being tracked" in page.get_text()


async def test_the_record_pages_of_a_draft_blog_are_not_found(client, editor):
    await client.post(
        "/api/v1/blogs", json={"slug": "secret", "title": "S", "status": "draft"}, headers=editor
    )
    assert (await client.get("/secret/claims")).status_code == 404
    assert (await client.get("/secret/corrections")).status_code == 404


async def test_pages_with_claims_and_corrections_are_valid_html(client, editor, blog):
    claim = await write(client, editor, "POST", "/claims", statement="The tanker exploded")
    update = await write(
        client, editor, "POST", "/posts", body="Explosion reported.", claims=[claim["id"]]
    )
    await write(
        client,
        editor,
        "PATCH",
        f"/claims/{claim['id']}",
        version=1,
        status="confirmed",
        post_id=update["id"],
        note="Seen by our reporter",
    )
    await write(
        client,
        editor,
        "PATCH",
        f"/posts/{update['id']}",
        version=1,
        body="Explosion confirmed.",
        correction={"kind": "redaction", "note": "Legal"},
    )
    await asyncio.sleep(0.05)
    documents = {
        "blog page": (await client.get("/harbour/")).text,
        "update page": (await client.get(f"/harbour/updates/{update['id']}")).text,
        "claims page": (await client.get("/harbour/claims")).text,
        "corrections page": (await client.get("/harbour/corrections")).text,
    }
    assert html_errors(documents) == []
