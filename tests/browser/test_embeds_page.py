"""A reader page full of embeds, in Chromium: nothing loads from any other host until the
reader clicks, and then only that provider's player."""

# ruff: noqa: E501

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.media.pictures import photo_with_gps

pytestmark = pytest.mark.server


def posted(**fields: object) -> dict[str, object]:
    return {"captured_at": "2026-11-30T09:00:00Z", "posted_at": "2026-11-29T21:45:00Z", **fields}


@pytest.fixture
def embeds_blog(server) -> str:
    """A blog with one update of ten embeds from ten providers (and one still waiting)."""
    slug = f"embeds-{uuid.uuid4().hex[:8]}"
    assert (
        server.api.post("/api/v1/blogs", json={"slug": slug, "title": "Embeds"}).status_code == 201
    )
    upload = server.api.post(
        "/api/v1/media", data={"alt": "Sandbags along the quay"},
        files={"file": ("quay.jpg", photo_with_gps(800, 500), "image/jpeg")},
    )  # fmt: skip
    assert upload.status_code == 201, upload.text
    item = upload.json()
    kept = [{"url": "https://pbs.twimg.example/quay.jpg", "alt": "Sandbags along the quay",
             "media_id": item["id"], "file": item["url"].rsplit("/", 1)[1], "width": 640, "height": 400}]  # fmt: skip
    elsewhere = [
        {"url": "https://scontent.cdninstagram.example/boats.jpg", "alt": "Boats on a street"}
    ]
    blocks = [
        {
            "type": "social",
            "url": "https://x.com/quay_desk/status/1764000000000000000",
            "author_name": "Quay Desk",
            "handle": "@quay_desk",
            "text": "Sandbags are going up along the quay.",
            "media": kept,
            **posted(),
        },
        {
            "type": "social",
            "url": "https://bsky.app/profile/river.bsky.social/post/3kq2vbh7xyz2a",
            "author_name": "River Watch",
            "handle": "@river.bsky.social",
            "text": "Levels still rising at the weir.",
            **posted(),
        },
        {
            "type": "social",
            "url": "https://mastodon.social/@citydesk/111222333444555666",
            "author_name": "City Desk",
            "handle": "@citydesk@mastodon.social",
            "text": "Trams are suspended.",
            **posted(),
        },
        {
            "type": "social",
            "url": "https://www.threads.com/@field.desk/post/C1a2B3c4D5e",
            "author_name": "Field Desk",
            "handle": "@field.desk",
            "text": "Shelters are open.",
            **posted(),
        },
        {
            "type": "social",
            "url": "https://t.me/riverside_news/4821",
            "author_name": "Riverside News",
            "handle": "@riverside_news",
            "text": "Мост закрыт до утра.",
            "lang": "ru",
            **posted(),
        },
        {
            "type": "social",
            "url": "https://www.instagram.com/p/CxYz123AbC/",
            "author_name": "Harbour Photo",
            "handle": "@harbour.photo",
            "text": "Main Street at noon.",
            "media": elsewhere,
            **posted(),
        },
        {
            "type": "social",
            "url": "https://www.facebook.com/CityFire/posts/pfbid02abcDEF/",
            "author_name": "City Fire",
            "text": "Crews are at Mill Road.",
            **posted(),
        },
        {
            "type": "video",
            "url": "https://www.youtube.com/watch?v=aB3dE5gH7jK",
            "title": "The quay at dawn",
            "author_name": "Coast News",
            "media": kept,
            **posted(),
        },
        {
            "type": "video",
            "url": "https://vimeo.com/76979871",
            "title": "Flood defences explained",
            "author_name": "Civic Films",
            **posted(),
        },
        {
            "type": "video",
            "url": "https://www.tiktok.com/@field.video/video/7301234567890123456",
            "title": "Water in the square",
            **posted(),
        },
        {
            "type": "link",
            "url": "https://news.example.org/flood-guide",
            "title": "What to do in a flood",
            "description": "A guide.",
            "site_name": "News Example",
            "media": kept,
            **posted(),
        },
        {
            "type": "social",
            "url": "https://x.com/someone/status/1764000000000000001",
        },  # still waiting
    ]
    response = server.api.post(f"/api/v1/blogs/{slug}/posts", json={"blocks": blocks})
    assert response.status_code == 201, response.text
    return slug


def watch_requests(page: Page, own_host: str) -> list[str]:
    """Every request the page makes, by URL; anything for another host is refused."""
    seen: list[str] = []

    def handle(route):
        url = route.request.url
        seen.append(url)
        if urlsplit(url).netloc == own_host:
            route.continue_()
        else:
            route.abort()  # the players' hosts must not be reachable from a test anyway

    page.route("**/*", handle)
    return seen


def foreign_hosts(seen: list[str], own_host: str) -> set[str]:
    return {urlsplit(url).netloc for url in seen if urlsplit(url).netloc != own_host}


def test_ten_embeds_load_nothing_from_elsewhere_until_a_click_loads_one_player(
    page: Page, server, embeds_blog
):
    own = urlsplit(server.url).netloc
    seen = watch_requests(page, own)
    page.goto(f"{server.url}/{embeds_blog}/")
    page.wait_for_load_state("load")
    expect(page.locator(".player-consent").first).to_be_visible()  # players.js has run
    page.wait_for_timeout(500)
    assert foreign_hosts(seen, own) == set()
    assert page.locator("iframe").count() == 0
    assert page.locator(".block-social").count() == 8 and page.locator(".block-video").count() == 3
    sources = page.eval_on_selector_all("img", "all => all.map(i => i.getAttribute('src'))")
    assert sources and all(src.startswith(("/media/", "/static/")) for src in sources)
    assert (
        page.locator("a", has_text="Picture: Boats on a street").count() == 1
    )  # named, not loaded
    assert page.context.cookies() == []  # no cookie, from anyone
    expect(page.get_by_text("View the original post on X")).to_be_visible()  # the one waiting

    button = page.get_by_role("button", name="Load YouTube video — this connects to youtube.com")
    button.click()
    player = page.locator('.player[data-provider="youtube"] iframe')
    expect(player).to_have_count(1)
    page.wait_for_timeout(500)
    assert foreign_hosts(seen, own) == {"www.youtube-nocookie.com"}
    youtube = [u for u in seen if "youtube-nocookie" in u]
    assert youtube and all("/embed/aB3dE5gH7jK" in u and "autoplay=1" in u for u in youtube)
    assert page.locator("iframe").count() == 1  # Vimeo and TikTok still wait for their own click


def test_a_remembered_provider_loads_by_itself_and_only_that_one(page: Page, server, embeds_blog):
    own = urlsplit(server.url).netloc
    seen = watch_requests(page, own)
    page.goto(f"{server.url}/{embeds_blog}/")
    vimeo = page.locator('.player[data-provider="vimeo"]')
    vimeo.get_by_label("Always load Vimeo videos").check()
    vimeo.get_by_role("button", name="Load Vimeo video — this connects to vimeo.com").click()
    expect(vimeo.locator("iframe")).to_have_count(1)

    seen.clear()
    page.reload()
    page.wait_for_load_state("load")
    page.locator('.player[data-provider="vimeo"]').scroll_into_view_if_needed()
    expect(page.locator('.player[data-provider="vimeo"] iframe')).to_have_count(1)  # no click
    expect(page.locator('.player[data-provider="youtube"] .player-load')).to_be_visible()
    page.wait_for_timeout(500)
    assert foreign_hosts(seen, own) == {"player.vimeo.com"}


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_embeds_page_is_accessible_and_fits_a_phone(
    browser, server, embeds_blog, width, scheme
):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    watch_requests(page, urlsplit(server.url).netloc)
    page.goto(f"{server.url}/{embeds_blog}/")
    expect(page.locator(".player-consent").first).to_be_visible()
    results = Axe().run(page)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert overflow <= width
