"""What crawlers and social networks read from the pages: schema.org JSON-LD (read with
extruct, as a crawler would), Open Graph and Twitter cards, and the noindex switch."""

from __future__ import annotations

import json

import extruct
import pytest
from bs4 import BeautifulSoup

from dateline.domain.roles import Role
from tests.conftest import make_token

pytestmark = pytest.mark.anyio
HOSTILE = "Rockets </script><script>window.__pwned=1</script> hit the <!-- port"


@pytest.fixture
async def admin(app) -> dict[str, str]:
    return {"Authorization": f"Bearer {make_token(app.database, 'ada', Role.ADMIN)}"}


async def make_blog(client, editor, slug: str = "harbour", **fields) -> str:
    settings = {
        "slug": slug,
        "title": "Harbour storm: live",
        "summary": "The storm over the harbour, as it happens.",
        "cover": {"url": "/media/cover.jpg", "alt": "Waves over the sea wall"},
        **fields,
    }
    response = await client.post("/api/v1/blogs", json=settings, headers=editor)
    assert response.status_code == 201, response.text
    return slug


async def publish(client, editor, slug: str, **fields) -> dict:
    response = await client.post(f"/api/v1/blogs/{slug}/posts", json=fields, headers=editor)
    assert response.status_code == 201, response.text
    return response.json()


def json_ld(html: str) -> dict:
    found = extruct.extract(html, base_url="http://dateline.test/", syntaxes=["json-ld"])
    assert len(found["json-ld"]) == 1
    return found["json-ld"][0]


def graph(document: dict) -> list[dict]:
    return document.get("@graph", [document])


async def test_the_blog_page_carries_live_blog_posting_with_every_field(client, editor, admin):
    site = {"publisher_name": "Harbour Gazette", "publisher_logo": "https://cdn.example/logo.png",
            "home_url": "https://gazette.example/"}  # fmt: skip
    assert (await client.patch("/api/v1/site", json=site, headers=admin)).status_code == 200
    slug = await make_blog(client, editor)
    first = await publish(client, editor, slug, body="The ferry is cancelled.", authors=["Ines"])
    second = await publish(
        client, editor, slug, body="Winds reach **120 km/h** at the pier.", key_event="Gusts peak"
    )
    page = (await client.get(f"/{slug}/")).text
    posting = json_ld(page)
    assert posting["@context"] == "https://schema.org"
    assert posting["@type"] == "LiveBlogPosting"
    assert posting["headline"] == "Harbour storm: live"
    assert posting["description"] == "The storm over the harbour, as it happens."
    assert posting["image"] == "http://dateline.test/media/cover.jpg"
    assert posting["url"] == "http://dateline.test/harbour/"
    assert posting["publisher"] == {
        "@type": "Organization",
        "name": "Harbour Gazette",
        "logo": {"@type": "ImageObject", "url": "https://cdn.example/logo.png"},
        "url": "https://gazette.example/",
    }
    assert posting["author"] == [{"@type": "Person", "name": "Ines"}]
    assert posting["datePublished"] and posting["dateModified"] >= posting["datePublished"]
    assert posting["coverageStartTime"] == posting["datePublished"]
    assert "coverageEndTime" not in posting  # still live
    updates = posting["liveBlogUpdate"]
    assert [u["url"] for u in updates] == [
        f"http://dateline.test/harbour/updates/{second['id']}",
        f"http://dateline.test/harbour/updates/{first['id']}",
    ]
    newest = updates[0]
    assert newest["@type"] == "BlogPosting"
    assert newest["headline"] == "Gusts peak"
    assert newest["articleBody"] == "Winds reach 120 km/h at the pier."  # plain text
    assert newest["datePublished"] == second["published_at"]
    assert newest["dateModified"] == second["published_at"]
    assert newest["author"][0]["name"] == "Harbour Gazette"  # signed by nobody: the newsroom
    assert updates[1]["headline"] == "The ferry is cancelled."
    assert updates[1]["author"] == [{"@type": "Person", "name": "Ines"}]

    await client.patch(f"/api/v1/blogs/{slug}", json={"status": "ended"}, headers=editor)
    ended = json_ld((await client.get(f"/{slug}/")).text)
    assert ended["coverageEndTime"] >= ended["coverageStartTime"]


async def test_each_update_page_carries_its_own_blog_posting(client, editor):
    slug = await make_blog(client, editor)
    update = await publish(client, editor, slug, body="Sandbags at the quay.", authors=["Omar"])
    edited = await client.patch(
        f"/api/v1/blogs/{slug}/posts/{update['id']}",
        json={"version": 1, "body": "Sandbags along the whole quay."},
        headers=editor,
    )
    html = (await client.get(f"/{slug}/updates/{update['id']}")).text
    posting = json_ld(html)
    assert posting["@type"] == "BlogPosting"
    assert posting["url"] == f"http://dateline.test/harbour/updates/{update['id']}"
    assert posting["headline"] == "Sandbags along the whole quay."
    assert posting["articleBody"] == "Sandbags along the whole quay."
    assert posting["datePublished"] == update["published_at"]
    assert posting["dateModified"] == edited.json()["edited_at"]
    assert posting["author"] == [{"@type": "Person", "name": "Omar"}]
    assert posting["publisher"]["name"] == "Dateline"  # the environment's default
    assert posting["isPartOf"]["@id"] == "http://dateline.test/harbour/"


async def test_a_hostile_headline_stays_inside_the_json(client, editor):
    slug = await make_blog(client, editor, title=HOSTILE, summary=HOSTILE)
    update = await publish(client, editor, slug, body=HOSTILE, key_event=HOSTILE[:120])
    for path in (f"/{slug}/", f"/{slug}/updates/{update['id']}"):
        html = (await client.get(path)).text
        soup = BeautifulSoup(html, "html.parser")
        scripts = soup.find_all("script", type="application/ld+json")
        assert len(scripts) == 1
        # The element ends where ours does: every word of the headline is in the JSON.
        document = json.loads(scripts[0].string)
        assert HOSTILE in json.dumps(document, ensure_ascii=False)
        assert "<script>window" not in html  # nothing became a script of its own
        assert html.count("</script>") == len(soup.find_all("script"))
        assert "<!--" not in scripts[0].string
        assert json_ld(html)  # a crawler reads it whole


async def test_open_graph_and_twitter_cards_on_both_pages(client, editor):
    slug = await make_blog(client, editor)
    update = await publish(client, editor, slug, body="Power is back in the old town.")
    for path, title, kind in (
        (f"/{slug}/", "Harbour storm: live", "website"),
        (f"/{slug}/updates/{update['id']}", "Power is back in the old town.", "article"),
    ):
        soup = BeautifulSoup((await client.get(path)).text, "html.parser")
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        cards = {m["name"]: m["content"] for m in soup.find_all("meta", attrs={"name": True})}
        assert og["og:title"] == title
        assert og["og:type"] == kind
        assert og["og:url"] == f"http://dateline.test{path}"
        assert og["og:image"] == "http://dateline.test/media/cover.jpg"
        assert og["og:image:alt"] == "Waves over the sea wall"
        assert og["og:site_name"] == "Dateline"
        assert cards["twitter:card"] == "summary_large_image"
        assert cards["twitter:title"] == title
        feeds = {link["type"]: link["href"] for link in soup.find_all("link", rel="alternate")}
        assert feeds["application/atom+xml"] == "http://dateline.test/harbour/feed.atom"
        assert feeds["application/feed+json"] == "http://dateline.test/harbour/feed.json"
        assert feeds["application/json+oembed"].startswith("http://dateline.test/oembed?url=")


async def test_settled_claims_are_claim_reviews_in_the_page_graph(client, editor):
    slug = await make_blog(client, editor)
    made = await client.post(
        f"/api/v1/blogs/{slug}/claims", json={"statement": "The sea wall failed"}, headers=editor
    )
    claim = made.json()
    await publish(client, editor, slug, body="Reports: the sea wall failed.", claims=[claim["id"]])
    before = graph(json_ld((await client.get(f"/{slug}/")).text))
    assert [d["@type"] for d in before] == ["LiveBlogPosting"]  # unverified: no review yet
    changed = await client.patch(
        f"/api/v1/blogs/{slug}/claims/{claim['id']}",
        json={"version": 1, "status": "false", "note": "Engineers inspected it"},
        headers=editor,
    )
    assert changed.status_code == 200, changed.text
    after = graph(json_ld((await client.get(f"/{slug}/")).text))
    assert [d["@type"] for d in after] == ["LiveBlogPosting", "ClaimReview"]
    review = after[1]
    assert review["claimReviewed"] == "The sea wall failed"
    assert review["reviewRating"]["alternateName"] == "False"


async def test_noindex_keeps_search_engines_away_from_both_pages(client, editor):
    slug = await make_blog(client, editor)
    update = await publish(client, editor, slug, body="Embargoed detail.")
    paths = (f"/{slug}/", f"/{slug}/updates/{update['id']}")
    for path in paths:
        response = await client.get(path)
        assert "x-robots-tag" not in response.headers
        assert not BeautifulSoup(response.text, "html.parser").find(
            "meta", attrs={"name": "robots"}
        )
    changed = await client.patch(f"/api/v1/blogs/{slug}", json={"noindex": True}, headers=editor)
    assert changed.json()["noindex"] is True
    for path in paths:
        response = await client.get(path)
        assert response.headers["x-robots-tag"] == "noindex, nofollow"
        robots = BeautifulSoup(response.text, "html.parser").find("meta", attrs={"name": "robots"})
        assert robots["content"] == "noindex, nofollow"
    bad = await client.patch(f"/api/v1/blogs/{slug}", json={"noindex": "perhaps"}, headers=editor)
    assert bad.status_code == 422


async def test_a_reader_holding_the_page_gets_the_new_publisher_not_a_304(client, editor, admin):
    slug = await make_blog(client, editor)
    await publish(client, editor, slug, body="The ferry is cancelled.")
    before = await client.get(f"/{slug}/")
    site = {"publisher_name": "Harbour Gazette"}
    assert (await client.patch("/api/v1/site", json=site, headers=admin)).status_code == 200
    after = await client.get(f"/{slug}/", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200, "the page shows the publisher: its ETag must change with it"
    assert after.headers["etag"] != before.headers["etag"]
    assert json_ld(after.text)["publisher"]["name"] == "Harbour Gazette"
