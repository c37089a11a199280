"""Another site embeds a live blog: a page served from a different local port frames
`/{slug}/embed` with the copy-paste resize script; updates arrive and the frame grows."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.server


@pytest.fixture
def blog(server) -> str:
    slug = f"embed-{uuid.uuid4().hex[:8]}"
    response = server.api.post("/api/v1/blogs", json={"slug": slug, "title": "Flood watch"})
    assert response.status_code == 201
    return slug


@pytest.fixture
def partner_site(tmp_path: Path, server, blog) -> Iterator[str]:
    """A newspaper's page on another origin, with the snippet oEmbed hands out."""
    snippet = server.api.get("/oembed", params={"url": f"{server.url}/{blog}/"}).json()["html"]
    (tmp_path / "index.html").write_text(
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Partner</title>"
        f"</head><body><h1>Our front page</h1>{snippet}</body></html>"
    )
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    site = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{site.server_address[1]}/index.html"
    site.shutdown()
    site.server_close()


def test_an_embedded_blog_updates_live_and_its_frame_grows(page, server, blog, partner_site):
    server.publish(blog, "The river is at its highest since records began.")
    page.goto(partner_site)
    frame_element = page.locator("iframe")
    frame = page.frame_locator("iframe")
    expect(frame.locator("article.update")).to_have_count(1, timeout=5000)
    # The resize script fitted the frame to its content (not the 800 it started at).
    page.wait_for_function(
        "() => document.querySelector('iframe').getAttribute('height') !== '800'"
    )
    before = frame_element.evaluate("f => f.getBoundingClientRect().height")
    for text in ("Evacuation of the lower town has begun.", "Rescue boats are on the water.",
                 "A second bridge is closed to traffic."):  # fmt: skip
        server.publish(blog, text)
    expect(frame.locator("article.update")).to_have_count(4, timeout=5000)
    expect(frame.locator("#stream")).to_contain_text("A second bridge is closed")
    page.wait_for_function(
        f"() => document.querySelector('iframe').getBoundingClientRect().height > {before + 50}",
        timeout=5000,
    )
    # The frame settles at the embedded page's own height: it shows the whole stream.
    for _ in range(50):
        inner = frame.locator("html").evaluate("e => e.getBoundingClientRect().height")
        after = frame_element.evaluate("f => f.clientHeight")  # inside its border
        if abs(after - inner) <= 2:
            break
        page.wait_for_timeout(100)
    assert abs(after - inner) <= 2, (after, inner)


def test_a_blog_limited_to_other_sites_refuses_this_one(page, server, blog, partner_site):
    server.publish(blog, "Only for our partners.")
    limited = server.api.patch(
        f"/api/v1/blogs/{blog}", json={"embed_origins": ["https://partner.example"]}
    )
    assert limited.status_code == 200
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.goto(partner_site)
    page.wait_for_timeout(800)
    frame = page.frames[-1]
    assert "Only for our partners." not in (frame.content() if frame != page.main_frame else "")
    assert any("frame-ancestors" in m for m in messages)


def test_the_embed_page_has_no_serious_accessibility_problems(browser, server, blog):
    server.publish(blog, "Sandbags are available at the town hall.")
    context = browser.new_context(viewport={"width": 400, "height": 700})
    tab = context.new_page()
    tab.goto(f"{server.url}/{blog}/embed")
    results = Axe().run(tab)
    context.close()
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
