"""The desk in a real browser: axe-core finds nothing serious or critical on the sign-in
page, the desk home, the people page, a blog's settings and its distribution, the site's
settings and the import page, at 360 and 1280 px; the pages fit a phone; the stamp
preview follows what is typed; the embed code's copy button copies it; an import's
report and an import's error pass too."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from dateline.store import members, people
from dateline.store.database import Database
from tests.conftest import PASSWORD

pytestmark = pytest.mark.server

PAGES = ["/desk/login", "/desk/", "/desk/people", "/desk/blogs/harbour/settings",
         "/desk/blogs/new", "/desk/password", "/desk/blogs/harbour/distribution",
         "/desk/site", "/desk/import"]  # fmt: skip


@pytest.fixture(scope="module")
def desk(server) -> str:
    """An admin on the served database, and a blog with an intro and members."""
    database = Database(server.database_url)
    database.run_write(people.add_user, "amira", "admin", PASSWORD)
    database.run_write(people.add_user, "casey", "contributor", PASSWORD)
    database.close()
    server.api.post(
        "/api/v1/blogs",
        json={"slug": "harbour", "title": "Harbour", "summary": "The quay at night",
              "cover": {"url": "/static/demo/cover-harbour.svg", "alt": "The quay",
                        "caption": "Boats tied up", "credit": "Desk"},
              "featured_links": [{"label": "EXPLAINER", "title": "Why the quay flooded",
                                  "url": "/explainer"}]},
    )  # fmt: skip
    # A webhook to a closed port: its failed deliveries fill the distribution page's log.
    server.api.post("/api/v1/blogs/harbour/webhooks", json={"url": "http://127.0.0.1:9/hook"})
    server.api.post(
        "/api/v1/blogs/harbour/posts",
        json={"kind": "intro", "body": "It began at dusk.\n\n## Background\n\nThe quay."},
    )
    database = Database(server.database_url)
    database.run_write(members.add_to_blog, "harbour", "casey", "tests")
    database.close()
    return "amira"


def signed_in(browser, server, width: int, scheme: str = "light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{server.url}/desk/login")
    page.fill("#f-name", "amira")
    page.fill("#f-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server.url}/desk/")
    return context, page


@pytest.mark.parametrize("width", [360, 1280])
def test_axe_finds_nothing_serious_on_the_desk(browser, server, desk, width):
    context, page = signed_in(browser, server, width)
    found = {}
    overflow = {}
    for path in PAGES:
        if path == "/desk/login":
            continue
        page.goto(f"{server.url}{path}")
        found[path] = _serious(Axe().run(page).response)
        overflow[path] = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    # The sign-in page, signed out.
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{server.url}/desk/login")
    found["/desk/login"] = _serious(Axe().run(page).response)
    overflow["/desk/login"] = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert {path: v for path, v in found.items() if v} == {}
    assert {path: w for path, w in overflow.items() if w > width} == {}


def test_axe_finds_nothing_serious_in_the_dark_or_on_a_form_with_errors(browser, server, desk):
    context, page = signed_in(browser, server, 360, scheme="dark")
    page.goto(f"{server.url}/desk/blogs/new")
    page.fill("#f-slug", "Not A Slug")
    page.fill("#f-time_zone", "Nowhere")
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector(".form-problems")
    assert page.locator("#f-slug[aria-invalid=true]").count() == 1
    problems = _serious(Axe().run(page).response)
    context.close()
    assert problems == []


def test_the_stamp_preview_reads_as_the_page_will(browser, server, desk):
    context, page = signed_in(browser, server, 1280)
    page.goto(f"{server.url}/desk/blogs/harbour/settings")
    page.fill("#f-time_zone", "Asia/Tokyo")
    page.fill("#f-stamp_format", "{h}.{mm}{ampm} {tz}")
    expect(page.locator("#stamp-preview")).to_have_text("6.45am JST")
    page.fill("#f-stamp_format", "UPDATE {HH}{mm} {tz}")
    page.fill("#f-time_zone", "Europe/London")
    expect(page.locator("#stamp-preview")).to_have_text("UPDATE 2145 GMT")
    context.close()


def test_the_copy_button_copies_the_embed_code(browser, server, desk):
    context, page = signed_in(browser, server, 1280)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page.goto(f"{server.url}/desk/blogs/harbour/distribution")
    page.click("button[data-copy=embed-snippet]")
    expect(page.locator("#embed .copy-status")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    context.close()
    assert copied.startswith(f'<iframe src="{server.url}/harbour/embed"')


def test_the_desk_is_usable_by_keyboard(browser, server, desk):
    """From the skip link, Tab reaches the navigation and the sign-out button."""
    context, page = signed_in(browser, server, 1280)
    reached = set()
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.textContent.trim()"))
    context.close()
    assert {"Skip to content", "Blogs", "People", "Sign out"} <= reached


def _serious(response: dict) -> list[tuple[str, str, list[object]]]:
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_finds_nothing_serious_on_an_import_report_or_error(browser, server, desk):
    context, page = signed_in(browser, server, 360)
    legacy = b"LATEST\nUPDATE 1130 GMT: The north quay reopens.\nUPDATE 1045 GMT: Divers done.\n"
    found = {}
    for name, content, fields in [
        ("report", legacy, {"#f-blog": "quay-dry", "#f-date": "2026-11-30"}),
        ("error", b'{"format": "x",\n oops\n}', {"#f-blog": "quay-bad"}),
    ]:
        page.goto(f"{server.url}/desk/import")
        page.set_input_files("#f-file", files=[
            {"name": "f.txt", "mimeType": "text/plain", "buffer": content}
        ])  # fmt: skip
        for selector, value in fields.items():
            page.fill(selector, value)
        page.check("#f-dry_run")
        page.click("form.stacked button[type=submit]")
        page.wait_for_selector(".import-report" if name == "report" else ".form-problems")
        found[name] = _serious(Axe().run(page).response)
    context.close()
    assert found == {"report": [], "error": []}
