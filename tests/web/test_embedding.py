"""Embedding on other sites: the embed page and its frame policy, oEmbed, sitemaps, the
site's settings (API and CLI), and every new page through the Nu HTML Checker."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from dateline.cli import main
from dateline.domain.roles import Role
from tests.conftest import make_token
from tests.markup import html_errors

pytestmark = pytest.mark.anyio
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


async def make_blog(client, editor, slug: str = "river", **fields) -> str:
    body = {"slug": slug, "title": f"The {slug}, live", **fields}
    response = await client.post("/api/v1/blogs", json=body, headers=editor)
    assert response.status_code == 201, response.text
    return slug


async def publish(client, editor, slug: str, body: str) -> dict:
    response = await client.post(f"/api/v1/blogs/{slug}/posts", json={"body": body}, headers=editor)
    assert response.status_code == 201, response.text
    return response.json()


def policy(response) -> dict[str, str]:
    parts = [
        p.strip().split(" ", 1) for p in response.headers["content-security-policy"].split(";")
    ]
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


async def test_the_embed_page_may_be_framed_by_any_site_unless_the_blog_says(client, editor):
    slug = await make_blog(client, editor)
    await publish(client, editor, slug, "Levels falling at the weir.")
    embed = await client.get(f"/{slug}/embed")
    assert embed.status_code == 200
    assert policy(embed)["frame-ancestors"] == "*"
    assert policy(embed)["script-src"] == "'self'"  # the rest of the policy holds
    assert "Levels falling at the weir." in embed.text
    soup = BeautifulSoup(embed.text, "html.parser")
    assert soup.find("script", src=lambda s: s and "embed.js" in s)
    # Every other page keeps its own.
    assert policy(await client.get(f"/{slug}/"))["frame-ancestors"] == "'self'"
    changed = await client.patch(
        f"/api/v1/blogs/{slug}",
        json={"embed_origins": ["https://Partner.example", "http://127.0.0.1:9999"]},
        headers=editor,
    )
    assert changed.json()["embed_origins"] == ["https://partner.example", "http://127.0.0.1:9999"]
    framed = policy(await client.get(f"/{slug}/embed"))["frame-ancestors"]
    assert framed == "'self' https://partner.example http://127.0.0.1:9999"
    bad = await client.patch(
        f"/api/v1/blogs/{slug}", json={"embed_origins": ["https://x.example/path"]}, headers=editor
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "embed_origins[0]"
    hidden = await make_blog(client, editor, "secret", status="draft")
    assert (await client.get(f"/{hidden}/embed")).status_code == 404


async def test_oembed_answers_for_our_pages_and_is_discoverable(client, editor):
    slug = await make_blog(client, editor)
    update = await publish(client, editor, slug, "Boats out on the flood plain.")
    soup = BeautifulSoup((await client.get(f"/{slug}/")).text, "html.parser")
    discovery = soup.find("link", type="application/json+oembed")["href"]
    found = await client.get(discovery)
    assert found.status_code == 200
    document = found.json()
    assert document["version"] == "1.0"
    assert document["type"] == "rich"
    assert document["provider_name"] == "Dateline"
    frame = BeautifulSoup(document["html"], "html.parser")
    assert frame.iframe["src"] == "http://dateline.test/river/embed"
    assert frame.script["src"].startswith("http://dateline.test/static/dateline-embed.js")
    assert (document["width"], document["height"]) == (600, 800)
    # The desk gets the same snippet with the blog, to copy.
    blog = (await client.get(f"/api/v1/blogs/{slug}")).json()
    assert blog["links"]["embed_snippet"] == document["html"]
    for url, status in (
        (f"http://dateline.test/river/updates/{update['id']}", 200),
        ("http://dateline.test/river/embed", 200),
        ("https://elsewhere.example/river/", 404),
        ("http://dateline.test/nowhere/", 404),
        ("http://dateline.test/api/v1/blogs", 404),
    ):
        assert (await client.get("/oembed", params={"url": url})).status_code == status, url
    smaller = await client.get("/oembed", params={"url": "http://dateline.test/river/",
                                                  "maxwidth": 320})  # fmt: skip
    assert smaller.json()["width"] == 320
    xml = await client.get(
        "/oembed", params={"url": "http://dateline.test/river/", "format": "xml"}
    )
    assert xml.status_code == 501


async def test_sitemaps_list_public_pages_and_leave_out_noindex_blogs(app, client, editor):
    await make_blog(client, editor, "open")
    await make_blog(client, editor, "quiet", noindex=True)
    await make_blog(client, editor, "draft", status="draft")
    shown = await publish(client, editor, "open", "A public update.")
    await publish(client, editor, "quiet", "An embargoed update.")
    await publish(client, editor, "draft", "Not yet.")
    response = await client.get("/sitemap.xml")
    assert response.headers["content-type"] == "application/xml; charset=utf-8"
    locations = [e.text for e in ElementTree.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert locations == [
        "http://dateline.test/open/",
        f"http://dateline.test/open/updates/{shown['id']}",
    ]
    again = await client.get("/sitemap.xml", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    news = ElementTree.fromstring((await client.get("/sitemap-news.xml")).content)
    [entry] = news.findall(f"{SITEMAP}url")
    assert entry.find(f"{SITEMAP}loc").text == "http://dateline.test/open/"
    assert entry.find(f"{NEWS}news/{NEWS}title").text == "The open, live"
    assert entry.find(f"{NEWS}news/{NEWS}publication/{NEWS}name").text == "Dateline"
    # Two days on, the blog is no longer news.
    real_clock = app.database.clock
    app.database.clock = lambda: real_clock() + timedelta(days=2, minutes=1)
    try:
        later = ElementTree.fromstring((await client.get("/sitemap-news.xml")).content)
    finally:
        app.database.clock = real_clock
    assert later.findall(f"{SITEMAP}url") == []
    robots = (await client.get("/robots.txt")).text
    assert "Sitemap: http://dateline.test/sitemap.xml" in robots


async def test_site_settings_are_for_admins_and_reach_the_pages(app, client, editor):
    admin = {"Authorization": f"Bearer {make_token(app.database, 'ada', Role.ADMIN)}"}
    slug = await make_blog(client, editor)
    assert (await client.get(f"/{slug}/")).status_code == 200  # cached with the old publisher
    refused = await client.patch("/api/v1/site", json={"publisher_name": "X"}, headers=editor)
    assert refused.status_code == 403
    bad = await client.patch(
        "/api/v1/site", json={"home_url": "ftp://x", "language": "not a tag"}, headers=admin
    )
    assert bad.status_code == 422
    assert sorted(e["field"] for e in bad.json()["detail"]) == ["home_url", "language"]
    assert (await client.get("/api/v1/site", headers=admin)).json()["stored"] == []
    done = await client.patch(
        "/api/v1/site", json={"publisher_name": "River Courier", "language": "fr"}, headers=admin
    )
    assert done.status_code == 200, done.text
    assert done.json()["publisher_name"] == "River Courier"
    assert done.json()["stored"] == ["language", "publisher_name"]
    page = BeautifulSoup((await client.get(f"/{slug}/")).text, "html.parser")
    assert page.find("meta", property="og:site_name")["content"] == "River Courier"
    assert "River Courier" in (await client.get("/feed.json")).json()["title"]
    undone = await client.patch("/api/v1/site", json={"unset": ["publisher_name"]}, headers=admin)
    assert undone.json()["publisher_name"] == "Dateline"


def test_the_cli_sets_shows_and_unsets_site_settings(sqlite_url):
    runner = CliRunner()
    database = ["--database", sqlite_url]
    result = runner.invoke(
        main, ["site", "set", "publisher_name=Valley Post", "home_url=https://valley.example/",
               *database],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = runner.invoke(main, ["site", "show", *database], env={"DATELINE_SITE_LANGUAGE": "cy"})
    assert "publisher_name=Valley Post  (stored)" in shown.output
    assert "language=cy\n" in shown.output  # from the environment
    refused = runner.invoke(main, ["site", "set", "home_url=nope", *database])
    assert refused.exit_code != 0
    assert "home_url" in refused.output
    assert runner.invoke(main, ["site", "unset", "publisher_name", *database]).exit_code == 0
    assert "publisher_name=Dateline\n" in runner.invoke(main, ["site", "show", *database]).output


async def test_new_pages_pass_the_nu_html_checker(client, editor):
    slug = await make_blog(client, editor, cover={"url": "/media/c.jpg", "alt": "A river"})
    update = await publish(
        client, editor, slug, "Sandbags <b>everywhere</b>.\n\nhttps://example.org/report"
    )
    documents = {
        "page": (await client.get(f"/{slug}/")).text,
        "update": (await client.get(f"/{slug}/updates/{update['id']}")).text,
        "embed": (await client.get(f"/{slug}/embed")).text,
    }
    assert html_errors(documents) == []
