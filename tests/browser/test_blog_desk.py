"""The blog's desk in real Chromium, across people: a contributor submits, an editor sees
it arrive, edits and publishes it, a reader's open page shows it, the editor pins it;
two editors edit one update and the second is shown the conflict; unsent text survives
a reload. Then: axe, 360 px, and vnu on the desk page."""

from __future__ import annotations

import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from dateline.domain.roles import Role
from dateline.store import members, people
from dateline.store.database import Database
from tests.conftest import PASSWORD
from tests.markup import html_errors

pytestmark = pytest.mark.server
LIVE = 3000  # ms: "without reload" within a poll or two


@pytest.fixture(scope="module")
def desk_blog(server) -> str:
    slug = f"desk-{uuid.uuid4().hex[:8]}"
    made = server.api.post("/api/v1/blogs", json={"slug": slug, "title": "Harbour fire"})
    assert made.status_code == 201, made.text
    database = Database(server.database_url)
    try:
        for name, role in (("cora", Role.CONTRIBUTOR), ("ed2", Role.EDITOR)):
            database.run_write(people.add_user, name, role.value, PASSWORD)
        for name in ("edna", "cora", "ed2"):
            database.run_write(members.add_to_blog, slug, name, "edna")
    finally:
        database.close()
    return slug


def signed_in(browser: Browser, server, slug: str, name: str, width: int = 1280) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{server.url}/desk/login?next=/desk/blogs/{slug}/")
    page.fill("#f-name", name)
    page.fill("#f-password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/desk/blogs/{slug}/")
    return page


def card_with(page: Page, where: str, text: str):
    return page.locator(f"{where} .desk-card", has_text=text)


def test_the_desk_flow_across_contributor_editors_and_reader(browser, server, desk_blog):
    slug = desk_blog
    reader = browser.new_context().new_page()
    reader.goto(f"{server.url}/{slug}/")
    editor = signed_in(browser, server, slug, "edna")
    contributor = signed_in(browser, server, slug, "cora")
    for page in (reader, editor):
        page.evaluate("window.__same = true")

    # The contributor's unsent text survives a reload.
    contributor.fill("#composer-body", "Crowds gather at the town hall.")
    contributor.reload()
    expect(contributor.locator("#composer-body")).to_have_value("Crowds gather at the town hall.")
    expect(contributor.locator("#composer-kept")).to_contain_text("brought back")

    # Submitted (Ctrl+Enter): it waits in the editor's queue, which shows it without reload.
    contributor.locator("#composer-body").press("Control+Enter")
    expect(card_with(contributor, "#desk-queue", "town hall")).to_have_count(1, timeout=LIVE)
    expect(contributor.locator("#composer-body")).to_have_value("")
    queued = card_with(editor, "#desk-queue", "town hall")
    expect(queued).to_contain_text("Waiting for review", timeout=LIVE)

    # The editor edits it (seeing what changed), saves, and publishes it.
    queued.get_by_role("button", name="Edit").click()
    body = queued.locator("textarea")
    expect(body).to_have_value("Crowds gather at the town hall.")
    body.fill("Crowds of about 2,000 gather at the town hall.")
    expect(queued.locator(".diff ins")).to_contain_text("2,000", timeout=LIVE)
    queued.get_by_role("button", name="Save").click()
    expect(queued).to_contain_text("version 2", timeout=LIVE)
    queued.get_by_role("button", name="Publish").click()
    published = card_with(editor, "#desk-stream", "2,000")
    expect(published).to_contain_text("Published", timeout=LIVE)
    post_id = published.get_attribute("data-id")

    # The reader's open page shows it, then pinned, without reload.
    expect(reader.locator(f"#update-{post_id}")).to_contain_text("2,000", timeout=LIVE)
    published.get_by_role("button", name="Pin").click()
    expect(reader.locator("#pinned")).to_contain_text("2,000", timeout=LIVE)
    # The contributor sees it published too.
    expect(card_with(contributor, "#desk-stream", "2,000")).to_contain_text(
        "Published", timeout=LIVE
    )

    # Two editors edit one update: the second sees who is editing, and on saving is shown
    # the other's version beside theirs; nothing is overwritten.
    second = signed_in(browser, server, slug, "ed2")
    mine = card_with(editor, "#desk-stream", "2,000")
    theirs = card_with(second, "#desk-stream", "2,000")
    mine.get_by_role("button", name="Edit").click()
    expect(theirs.locator("[data-lock]")).to_contain_text("edna is editing", timeout=LIVE)
    theirs.get_by_role("button", name="Edit").click()
    expect(theirs.locator("textarea")).to_have_value(
        "Crowds of about 2,000 gather at the town hall."
    )
    mine.locator("textarea").fill("Crowds of about 3,000 gather at the town hall.")
    mine.get_by_role("button", name="Save").click()
    expect(mine.locator("textarea")).to_have_count(0, timeout=LIVE)
    expect(theirs.locator("[data-lock]")).to_be_hidden(timeout=LIVE)  # released on leaving
    theirs.locator("textarea").fill("About 2,000 people gather at the town hall.")
    theirs.get_by_role("button", name="Save").click()
    conflict = theirs.locator("[data-conflict]")
    expect(conflict).to_be_visible(timeout=LIVE)
    expect(conflict.locator("[data-theirs]")).to_have_text(
        "Crowds of about 3,000 gather at the town hall."
    )
    expect(conflict.locator("[data-yours]")).to_have_text(
        "About 2,000 people gather at the town hall."
    )
    expect(conflict).to_contain_text("edna saved version")
    expect(reader.locator(f"#update-{post_id}")).to_contain_text("3,000", timeout=LIVE)

    assert reader.evaluate("window.__same") and editor.evaluate("window.__same")  # no reloads
    for page in (reader, editor, contributor, second):
        page.context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_desk_is_axe_clean_and_fits_a_phone(browser, server, desk_blog, width):
    page = signed_in(browser, server, desk_blog, "edna", width)
    server.publish(desk_blog, "A published update for the stream.")
    page.reload()
    page.get_by_text("Edit").first.click()
    results = Axe().run(page)
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    overflow = page.evaluate("document.documentElement.scrollWidth")
    page.context.close()
    assert serious == []
    assert overflow <= width


def test_the_desk_page_is_valid_html(browser, server, desk_blog):
    page = signed_in(browser, server, desk_blog, "cora")
    html = page.request.get(f"{server.url}/desk/blogs/{desk_blog}/").text()
    page.context.close()
    assert html_errors({"blog desk": html}) == []


def test_a_dropped_publish_retried_publishes_once(browser, server, desk_blog):
    """The server wrote it but the answer was lost: the retry carries the same key."""
    page = signed_in(browser, server, desk_blog, "edna")
    posts = f"**/api/v1/blogs/{desk_blog}/posts"
    lost: list[str] = []

    def lose_the_answer(route):
        lost.append(route.request.headers.get("idempotency-key", ""))
        route.fetch()  # the server publishes …
        route.abort("connectionreset")  # … and the answer never arrives

    page.route(posts, lose_the_answer)
    page.fill("#composer-body", "Ferry services suspended until noon.")
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator("#composer-error")).to_contain_text("Your text is kept", timeout=LIVE)
    expect(page.locator("#composer-body")).to_have_value("Ferry services suspended until noon.")
    page.unroute(posts)
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator("#composer-body")).to_have_value("", timeout=LIVE)

    listed = server.api.get(f"/api/v1/blogs/{desk_blog}/posts", params={"limit": 100}).json()
    ferries = [p for p in listed["items"] if "Ferry services" in str(p["blocks"])]
    assert len(lost) == 1 and lost[0]
    assert len(ferries) == 1
    page.context.close()


def test_a_photo_a_claim_and_a_restore_from_the_desk(browser, server, desk_blog, tmp_path):
    from PIL import Image

    picture = tmp_path / "quay.png"
    Image.new("RGB", (64, 48), (200, 80, 20)).save(picture)
    page = signed_in(browser, server, desk_blog, "edna")
    page.fill("#composer-body", "The quay at dusk.")
    page.locator("#composer-file").set_input_files(str(picture))
    page.get_by_role("button", name="Publish now").click()
    expect(page.locator("#composer-alt-error")).to_contain_text("Describe the picture")
    page.fill("#composer-alt", "Flames over the quay")
    page.fill("#composer-credit", "Desk photo")
    page.locator("#composer-photo-box ~ details summary").click()
    page.fill("#composer-new-claim", "The fire started in a warehouse")
    page.get_by_role("button", name="Publish now").click()
    card = card_with(page, "#desk-stream", "The quay at dusk")
    expect(card.locator("img[alt='Flames over the quay']")).to_have_count(1, timeout=LIVE)
    expect(card.locator(".desk-claims")).to_contain_text("Unverified")

    card.get_by_role("button", name="Change status").click()
    card.get_by_label("Status").select_option("confirmed")
    card.get_by_label("Why (shown in its history)").fill("Fire service statement")
    card.get_by_role("button", name="Change status").last.click()
    expect(card.locator(".desk-claims")).to_contain_text("Confirmed", timeout=LIVE)
    card.get_by_role("button", name="History").click()
    expect(card.locator("[data-claim-history]")).to_contain_text("Fire service statement")

    card.get_by_role("button", name="Delete").click()
    card.get_by_role("button", name="Delete").last.click()
    expect(card).to_contain_text("Deleted", timeout=LIVE)
    card.get_by_role("button", name="Restore").click()
    expect(card).to_contain_text("Published", timeout=LIVE)
    page.context.close()


def test_an_editor_fills_a_waiting_snapshot_from_the_desk(browser, server, desk_blog):
    server.publish(desk_blog, "Video from the quay:\n\nhttps://x.com/quaywatch/status/4242")
    page = signed_in(browser, server, desk_blog, "edna")
    card = card_with(page, "#desk-stream", "Video from the quay")
    card.get_by_role("button", name="Snapshots").click()
    card.get_by_label("Author").fill("Quay Watch")
    card.get_by_label("Text").fill("Flames visible from the ferry terminal.")
    card.get_by_role("button", name="Save snapshot").click()
    expect(card.locator(".desk-card-body")).to_contain_text("Flames visible", timeout=LIVE)
    page.context.close()


def test_the_time_slider_opens_the_page_as_it_stood(browser, server, desk_blog):
    """The desk's slider picks a moment of the coverage; the form opens `?at=` with it."""
    editor = signed_in(browser, server, desk_blog, "edna")
    try:
        slider, field = editor.locator("#past-slider"), editor.locator("#past-at")
        latest = field.input_value()
        slider.fill("0")  # the coverage's start
        start = field.input_value()
        assert start <= latest and start.endswith("Z")  # the blog may be seconds old
        with editor.context.expect_page() as opened:
            editor.get_by_role("button", name="Open the page as it stood").click()
        past = opened.value
        past.wait_for_load_state()
        assert "at=" + start.replace(":", "%3A") in past.url
        assert past.locator(".as-it-stood-banner").is_visible()
    finally:
        editor.context.close()
