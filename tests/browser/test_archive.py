"""The static archive, opened from file:// in Chromium: every update shown, no request to any
host, nothing runs, valid markup, and axe finds nothing serious."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image as Picture

from dateline.render.archive import build_archive, write_archive
from dateline.store import migrate
from dateline.store.database import Database
from tests.formats.importing import FIXTURES, record_of, run_import
from tests.formats.newsroom_day import PICTURE, SLUG, build_newsroom_day
from tests.markup import html_errors
from tests.security.test_xss import DANGEROUS, SENTINEL
from tests.security.xss_vectors import VECTORS

EXPORTED = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Picture.new("RGB", (width, height), (30, 90, 140)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="module")
def archives(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("archives")
    database = Database(f"sqlite:///{folder / 'source.db'}")
    migrate.upgrade(database)
    build_newsroom_day(database)
    run_import(database, (FIXTURES / "liveblog_offsets.html").read_bytes(), "valley")
    run_import(database, (FIXTURES / "legacy_page.html").read_bytes(), "ferries")
    updates = [
        {"datePublished": f"2024-05-01T{10 + i // 60:02d}:{i % 60:02d}:00Z", "headline": v,
         "articleBody": f"<p>Before {v} after</p>"}
        for i, v in enumerate(VECTORS)
    ]  # fmt: skip
    data = {"@type": "LiveBlogPosting", "headline": "Hostile", "liveBlogUpdate": updates}
    script = json.dumps(data).replace("</", "<\\/")
    page = f'<html><head><script type="application/ld+json">{script}</script></head></html>'
    run_import(database, page.encode(), "hostile")
    pictures = {r.name: jpeg(r.width, r.height) for r in PICTURE.renditions}
    out = {}
    for slug in (SLUG, "valley", "hostile", "ferries"):
        archive = build_archive(record_of(database, slug), EXPORTED)
        out[slug] = folder / slug
        assert write_archive(archive, out[slug], pictures) == []
    database.close()
    return out


def open_offline(browser, path: Path):
    """A tab that records every request the page makes."""
    context = browser.new_context()
    context.add_init_script(SENTINEL)
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.goto(path.as_uri())
    tab.wait_for_load_state("networkidle")
    return context, tab, requests


def test_the_archive_shows_every_update_and_asks_no_host_for_anything(browser, archives):
    folder = archives[SLUG]
    context, tab, requests = open_offline(browser, folder / "index.html")
    shown = tab.locator("#stream article.update")
    pages = sorted((folder / "updates").iterdir())
    assert shown.count() == len(pages) == 3  # the published updates: not drafts, not deleted
    for index in range(shown.count()):
        assert shown.nth(index).is_visible()
    assert tab.locator("#intro-entry").is_visible()
    assert tab.get_by_text("Le port est fermé jusqu'à demain.").is_visible()
    arabic = tab.locator("blockquote[lang=ar]")
    assert arabic.get_attribute("dir") == "rtl" and "الميناء مغلق" in arabic.inner_text()
    picture = tab.locator("figure.block-image img")
    assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
    assert tab.locator("link[rel=stylesheet]").evaluate("l => l.sheet !== null")
    assert tab.locator("script").count() == 0
    assert tab.locator(".share").count() == 0  # a folder has no address to share
    assert requests and all(url.startswith("file://") for url in requests), requests
    for page in pages:
        tab.goto(page.as_uri())
        tab.wait_for_load_state("networkidle")
        assert tab.locator("main article.update").count() == 1
        tab.locator(".breadcrumb a").click()
        assert tab.url.endswith("/index.html")
    assert all(url.startswith("file://") for url in requests), requests
    context.close()


def test_pictures_kept_elsewhere_are_not_fetched(browser, archives):
    """The ferries blog's cover lives on another site: the archive does not load it."""
    context, tab, requests = open_offline(browser, archives["ferries"] / "index.html")
    assert tab.locator("#stream article.update").count() == 2
    assert tab.locator("img").count() == 0
    assert tab.get_by_text("How The Ferries Kept Running").is_visible()
    assert all(url.startswith("file://") for url in requests), requests
    context.close()


def test_times_from_any_offset_show_in_the_archive_in_utc_order(browser, archives):
    context, tab, _ = open_offline(browser, archives["valley"] / "index.html")
    times = tab.locator("#stream article.update time[data-stamp]").evaluate_all(
        "els => els.map(e => e.getAttribute('datetime'))"
    )
    assert times == ["2024-05-01T19:10:00Z", "2024-05-01T18:15:00Z", "2024-05-01T18:05:00Z"]
    context.close()


def test_nothing_hostile_runs_in_the_archive(browser, archives):
    folder = archives["hostile"]
    for path in [folder / "index.html", *sorted((folder / "updates").iterdir())[:3]]:
        context, tab, requests = open_offline(browser, path)
        tab.wait_for_timeout(100)
        assert tab.evaluate("window.__fired") == [], path.name
        assert tab.evaluate(DANGEROUS) == [], path.name
        assert all(url.startswith("file://") for url in requests), requests
        context.close()
    context, tab, _ = open_offline(browser, folder / "index.html")
    assert tab.locator("#stream article.update").count() == len(VECTORS)
    context.close()


def test_the_archive_pages_are_valid_html_and_accessible(browser, archives):
    folder = archives[SLUG]
    first_update = sorted((folder / "updates").iterdir())[0]
    pages = {
        "index.html": (folder / "index.html").read_text(encoding="utf-8"),
        first_update.name: first_update.read_text(encoding="utf-8"),
        "valley": (archives["valley"] / "index.html").read_text(encoding="utf-8"),
    }
    assert html_errors(pages) == []
    context, tab, _ = open_offline(browser, folder / "index.html")
    results = Axe().run(tab)
    context.close()
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
