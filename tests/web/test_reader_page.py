"""The public page of a blog: everything the reference live blog shows, server-rendered."""

from __future__ import annotations

import itertools

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.anyio


@pytest.fixture
async def blog(client, editor) -> str:
    settings = {
        "slug": "aleppo",
        "title": "Syria Daily: the battle for the city",
        "summary": "Live coverage through the day.",
        "time_zone": "Europe/London",
        "stamp_format": "wire",
        "cover": {
            "url": "https://example.org/palmyra.jpg",
            "alt": "Fighters in a ruined street",
            "caption": "Fighters inside the city on Sunday",
            "credit": "Photo: Agency",
        },
        "featured_links": [
            {
                "label": "MONDAY FEATURE",
                "title": "The newborns of Daraa",
                "url": "https://example.org/daraa",
            }
        ],
    }
    assert (await client.post("/api/v1/blogs", json=settings, headers=editor)).status_code == 201
    return "aleppo"


async def post(client, editor, **fields) -> dict:
    response = await client.post("/api/v1/blogs/aleppo/posts", json=fields, headers=editor)
    assert response.status_code == 201, response.text
    return response.json()


async def page(client, path: str = "/aleppo/") -> BeautifulSoup:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return BeautifulSoup(response.text, "html.parser")


async def test_the_page_shows_what_the_reference_live_blog_shows(client, editor, blog):
    intro = await post(
        client,
        editor,
        kind="intro",
        published_at="2016-12-12T07:00:00Z",
        body="## What we know\n\nThe opening article.\n\n## Background\n\nMore context.",
    )
    quote = await post(
        client,
        editor,
        published_at="2016-12-12T21:15:00Z",
        body="The minister said:\n\n> The talks are at a dead end.\n> — The foreign minister",
        key_event="Talks collapse",
    )
    social = await post(
        client,
        editor,
        published_at="2016-12-12T21:45:00Z",
        blocks=[
            {"type": "text", "html": "<p>A message from a resident:</p>"},
            {
                "type": "social",
                "network": "x",
                "url": "https://x.com/resident/status/1",
                "author_name": "A resident",
                "handle": "@resident",
                "text": "إلى كل من يسمعني",
                "lang": "ar",
                "posted_at": "2016-12-12T21:40:00Z",
            },
            {
                "type": "image",
                "url": "https://example.org/p.jpg",
                "alt": "Smoke over the district",
                "caption": "Claimed photo of the district",
                "credit": "Activists",
            },
        ],
    )
    await client.put(f"/api/v1/blogs/aleppo/posts/{social['id']}/pin", headers=editor)
    soup = await page(client)

    assert soup.html["lang"] == "en"
    assert soup.h1.get_text(strip=True) == "Syria Daily: the battle for the city"
    cover = soup.select_one(".blog-cover")
    assert cover.img["alt"] == "Fighters in a ruined street"
    assert "Fighters inside the city on Sunday" in cover.figcaption.get_text()
    assert "Photo: Agency" in cover.select_one(".credit").get_text()
    featured = soup.select_one("nav.featured a")
    assert featured["href"] == "https://example.org/daraa"
    assert "MONDAY FEATURE" in featured.get_text()
    assert soup.select_one('a[href="#intro-entry"]').get_text() == "Jump to the original entry"

    pinned = soup.select_one("#pinned article")
    assert pinned["data-id"] == str(social["id"])
    key = soup.select("#key-events li a")
    assert [(a["href"], a.get_text(" ", strip=True)) for a in key] == [
        (f"#update-{quote['id']}", "UPDATE 2115 GMT Talks collapse")
    ]
    stream = soup.select("#stream > article")
    assert [a["id"] for a in stream] == [f"update-{social['id']}", f"update-{quote['id']}"]
    assert stream[0].select_one(".stamp time").get_text() == "UPDATE 2145 GMT"
    assert stream[0].select_one(".stamp time")["datetime"] == "2016-12-12T21:45:00Z"

    card = stream[0].select_one(".block-social")
    assert card.blockquote["lang"] == "ar" and card.blockquote["dir"] == "rtl"
    assert card.select_one(".social-author")["lang"] == "ar"
    assert not card.has_attr("lang")  # the card's own words are the page's language
    assert "@resident" in card.figcaption.get_text()
    assert "December 12, 2016" in card.figcaption.get_text()
    assert card.select_one("a.social-link")["href"] == "https://x.com/resident/status/1"
    assert not soup.find("script", src=lambda s: s and not s.startswith("/static/"))

    image = stream[0].select_one(".block-image")
    assert image.img["alt"] == "Smoke over the district"
    assert "Activists" in image.select_one(".credit").get_text()
    quote_block = stream[1].select_one(".block-quote")
    assert quote_block.blockquote.get_text(strip=True) == "The talks are at a dead end."
    assert "The foreign minister" in quote_block.figcaption.get_text()

    intro_article = soup.select_one("#intro #intro-entry")
    assert intro_article["data-id"] == str(intro["id"])
    assert [h.get_text() for h in intro_article.select("h3")] == ["What we know", "Background"]


async def test_headings_descend_in_order(client, editor, blog):
    await post(client, editor, body="## Section inside an update\n\nText")
    soup = await page(client)
    levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


async def test_each_update_has_a_permalink_page_for_shares_and_search(client, editor, blog):
    update = await post(client, editor, body="Shelling resumed.", key_event="Shelling resumes")
    soup = await page(client, f"/aleppo/updates/{update['id']}")
    assert (
        soup.find("link", rel="canonical")["href"]
        == f"http://dateline.test/aleppo/updates/{update['id']}"
    )
    assert soup.select_one(f"article#update-{update['id']}") is not None
    assert soup.find("meta", property="og:title")["content"] == "Shelling resumes"
    share = soup.select_one(".share").get_text()
    assert "Share on X" in share and "Email" in share
    assert (await client.get("/aleppo/updates/99999")).status_code == 404


async def test_older_updates_are_reached_by_cursor_links_without_javascript(client, editor, blog):
    ids = [(await post(client, editor, body=f"Update {i}"))["id"] for i in range(25)]
    soup = await page(client)
    assert len(soup.select("#stream > article")) == 20
    older = soup.select_one(".pager a.older")
    assert older.get_text() == "Load older updates"
    second = await page(client, older["href"].split("#")[0])
    assert [a["data-id"] for a in second.select("#stream > article")] == [
        str(i) for i in reversed(ids[:5])
    ]
    assert second.select_one(".pager a.older") is None
    assert second.select_one(".pager a.latest")["href"] == "/aleppo/"
    assert second.find("meta", attrs={"name": "robots"})["content"] == "noindex, follow"


async def test_links_to_an_update_further_down_go_to_its_own_page(client, editor, blog):
    early = await post(client, editor, body="Early: the bridge closed.", key_event="Bridge closed")
    for i in range(25):
        await post(client, editor, body=f"Later update {i}")
    soup = await page(client)
    assert soup.select_one(f"#update-{early['id']}") is None  # not on the first page
    key = soup.select_one("#key-events li a")
    assert key["href"] == f"/aleppo/updates/{early['id']}"
    permalink = soup.select_one("#stream article .permalink")
    assert permalink["href"].startswith("/aleppo/updates/")


async def test_an_update_page_links_to_the_stream_at_that_update(client, editor, blog):
    ids = [(await post(client, editor, body=f"Update {i}"))["id"] for i in range(30)]
    single = await page(client, f"/aleppo/updates/{ids[3]}")
    context = single.select_one(".continue a")["href"]
    assert context.endswith(f"#update-{ids[3]}")
    there = await page(client, context.split("#")[0])
    assert [a["data-id"] for a in there.select("#stream > article")][:2] == [
        str(ids[3]),
        str(ids[2]),
    ]


async def test_the_page_carries_an_etag_of_the_sequence_and_answers_304(client, editor, blog):
    first = await client.get("/aleppo/")
    etag = first.headers["etag"]
    assert "max-age=5" in first.headers["cache-control"]
    assert "stale-while-revalidate" in first.headers["cache-control"]
    assert (await client.get("/aleppo/", headers={"If-None-Match": etag})).status_code == 304
    await post(client, editor, body="News")
    await _settle(client)
    changed = await client.get("/aleppo/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


async def test_the_cached_page_is_served_gzipped_to_clients_that_accept_it(client, editor, blog):
    await post(client, editor, body="Compressible " * 50)
    plain = await client.get("/aleppo/", headers={"Accept-Encoding": "identity"})
    zipped = await client.get("/aleppo/", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(plain.content)
    assert zipped.text == plain.text  # httpx decompresses


async def test_a_deleted_update_disappears_and_an_edited_one_says_when(client, editor, blog):
    gone = await post(client, editor, body="Wrong report")
    kept = await post(client, editor, body="First version")
    await client.delete(f"/api/v1/blogs/aleppo/posts/{gone['id']}", headers=editor)
    await client.patch(
        f"/api/v1/blogs/aleppo/posts/{kept['id']}",
        # Minor: a listed correction says "Corrected at" instead (tests/web/test_corrections.py).
        json={"version": 1, "body": "Second version", "correction": {"kind": "minor"}},
        headers=editor,
    )
    await _settle(client)
    soup = await page(client)
    assert soup.select_one(f"#update-{gone['id']}") is None
    article = soup.select_one(f"#update-{kept['id']}")
    assert "Second version" in article.get_text()
    assert article.select_one(".edited").get_text().startswith("Updated ")


async def test_an_ended_blog_says_so_and_does_not_listen(client, editor, blog):
    await client.patch("/api/v1/blogs/aleppo", json={"status": "ended"}, headers=editor)
    await _settle(client)
    soup = await page(client)
    assert soup.main["data-live"] == "false"
    assert "Coverage has ended" in soup.select_one(".blog-status").get_text()
    assert soup.select_one(".ended-note") is not None
    assert (await client.get("/aleppo/live")).status_code == 204


async def test_unknown_and_draft_blogs_are_404_pages(client, editor):
    await client.post(
        "/api/v1/blogs", json={"slug": "hidden", "title": "H", "status": "draft"}, headers=editor
    )
    for path in ("/nowhere/", "/hidden/"):
        response = await client.get(path)
        assert response.status_code == 404
        assert "No such live blog" in response.text
    assert (await client.get("/aleppo", follow_redirects=False)).status_code == 301


async def test_the_index_lists_public_blogs(client, editor, blog):
    soup = await page(client, "/")
    assert [a["href"] for a in soup.select(".blog-list a")] == ["/aleppo/"]


async def _settle(client) -> None:
    """Let the hub apply committed changes (they arrive on the event loop)."""
    import anyio

    await anyio.sleep(0.05)
