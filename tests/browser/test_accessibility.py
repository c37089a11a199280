"""Accessibility in a real browser: axe-core finds nothing serious, and small screens work."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from dateline.demo.seed import seed
from dateline.store.database import Database

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def demo_blog(server) -> str:
    """The demo's storm day: every kind of block, an intro, pins, key events, Arabic."""
    database = Database(server.database_url)
    info = seed(database)
    database.close()
    return info.slug


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violations(browser, server, demo_blog, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{server.url}/{demo_blog}/")
    results = Axe().run(page)
    context.close()
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_the_page_fits_a_320_pixel_screen(browser, server, demo_blog):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(f"{server.url}/{demo_blog}/")
    overflow = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert overflow <= 320


def test_controls_are_reachable_by_keyboard(browser, server, demo_blog):
    """Tab order starts at the skip link and reaches every kind of control on the page."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server.url}/{demo_blog}/")
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.textContent")
    focused: set[str] = set()
    for _ in range(600):
        page.keyboard.press("Tab")
        focused.add(
            page.evaluate("document.activeElement.className || document.activeElement.tagName")
        )
        if "older" in focused:
            break
    context.close()
    assert first == "Skip to content"
    assert {"older", "permalink", "copy-link"} <= focused
