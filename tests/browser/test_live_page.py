"""The reader page in real headless Chromium: updates arrive, change and leave in place."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import Page, expect

from dateline.domain.roles import Actor, Role
from dateline.store import post_commands
from dateline.store.database import Database

pytestmark = pytest.mark.server


@pytest.fixture
def blog(server) -> str:
    slug = f"storm-{uuid.uuid4().hex[:8]}"
    response = server.api.post(
        "/api/v1/blogs",
        json={"slug": slug, "title": "Storm", "stamp_format": "wire", "time_zone": "GMT"},
    )
    assert response.status_code == 201
    return slug


def open_blog(page: Page, server, slug: str) -> None:
    page.goto(f"{server.url}/{slug}/")
    # The stream is open once the browser has made its request for it.
    page.wait_for_function("() => document.querySelector('main.blog') !== null")
    page.wait_for_timeout(300)


def test_a_published_update_appears_without_reload_and_edits_and_deletes_apply(page, server, blog):
    open_blog(page, server, blog)
    page.evaluate("window.__marker = 'same page'")
    first = server.publish(blog, "Winds of 90 mph recorded at the harbour.")
    article = page.locator(f"#update-{first['id']}")
    expect(article).to_contain_text("Winds of 90 mph", timeout=2000)
    expect(page.locator("#live-announcer")).to_contain_text("New update")

    edited = server.api.patch(
        f"/api/v1/blogs/{blog}/posts/{first['id']}",
        json={
            "version": first["version"],
            "body": "Winds of 95 mph recorded at the harbour.",
            "correction": {"kind": "minor"},
        },
    )
    assert edited.status_code == 200
    expect(article).to_contain_text("95 mph", timeout=2000)
    expect(article.locator(".edited")).to_contain_text("Updated")

    server.api.delete(f"/api/v1/blogs/{blog}/posts/{first['id']}")
    expect(article).to_have_count(0, timeout=2000)
    assert page.evaluate("window.__marker") == "same page"  # never reloaded


def test_the_page_catches_up_exactly_once_after_the_server_restarts(page, server, blog):
    open_blog(page, server, blog)
    before = server.publish(blog, "Before the outage.")
    expect(page.locator(f"#update-{before['id']}")).to_be_visible(timeout=2000)

    server.stop()
    expect(page.locator("#live-state")).to_contain_text("Reconnecting", timeout=5000)
    # Published while no server is running: written straight to the store, as an
    # importer or a second node would.
    database = Database(server.database_url)
    actor = Actor("edna", Role.EDITOR)
    during = [
        database.run_write(post_commands.create_post, blog, {"body": f"During outage {i}"}, actor)
        for i in range(3)
    ]
    database.close()
    server.start()

    after = server.publish(blog, "After the outage.")
    for outcome_id in [*(o.post.id for o in during), after["id"]]:
        expect(page.locator(f"#update-{outcome_id}")).to_have_count(1, timeout=8000)
    expect(page.locator(f"#update-{before['id']}")).to_have_count(1)
    assert page.locator("#stream > article").count() == 5
    expect(page.locator("#live-state")).to_be_hidden()


def test_a_reader_scrolled_down_is_not_disturbed_until_they_ask(page, server, blog):
    for i in range(12):
        server.publish(blog, f"Earlier update {i}. " + "A long paragraph of reporting. " * 30)
    open_blog(page, server, blog)
    page.mouse.wheel(0, 2500)
    page.wait_for_timeout(200)
    scrolled_to = page.evaluate("window.scrollY")
    fresh = server.publish(blog, "Breaking: the bridge is closed.")
    button = page.locator("#new-updates")
    expect(button).to_have_text("1 new update", timeout=2000)
    expect(page).to_have_title("(1) Live: Storm")
    assert page.locator(f"#update-{fresh['id']}").count() == 0
    assert page.evaluate("window.scrollY") == scrolled_to
    button.click()
    expect(page.locator(f"#update-{fresh['id']}")).to_be_visible()
    expect(button).to_be_hidden()
    expect(page).to_have_title("Live: Storm")


def test_older_updates_load_in_place(page, server, blog):
    for i in range(25):
        server.publish(blog, f"Numbered update {i}")
    open_blog(page, server, blog)
    assert page.locator("#stream > article").count() == 20
    page.locator(".pager a.older").click()
    expect(page.locator("#stream > article")).to_have_count(25)
    assert page.url.endswith(f"/{blog}/")
    expect(page.locator(".pager a.older")).to_have_count(0)


def test_a_browser_without_event_source_polls_and_still_gets_every_change(page, server, blog):
    page.add_init_script("delete window.EventSource")
    open_blog(page, server, blog)
    first = server.publish(blog, "Seen by polling.")
    expect(page.locator(f"#update-{first['id']}")).to_be_visible(timeout=3000)
    server.api.delete(f"/api/v1/blogs/{blog}/posts/{first['id']}")
    second = server.publish(blog, "Also seen by polling.")
    expect(page.locator(f"#update-{second['id']}")).to_be_visible(timeout=3000)
    expect(page.locator(f"#update-{first['id']}")).to_have_count(0)
    assert page.evaluate("typeof window.EventSource") == "undefined"


def test_an_old_in_page_link_forwards_to_the_updates_own_page(page, server, blog):
    early = server.publish(blog, "The first warning was issued.")
    for i in range(21):
        server.publish(blog, f"Later update {i}")
    page.goto(f"{server.url}/{blog}/#update-{early['id']}")
    page.wait_for_url(f"**/{blog}/updates/{early['id']}")
    expect(page.locator(f"#update-{early['id']}")).to_contain_text("first warning")


def test_pinned_updates_and_key_events_follow_changes_live(page, server, blog):
    update = server.publish(blog, "Evacuation ordered for the lower town.")
    open_blog(page, server, blog)
    server.api.put(f"/api/v1/blogs/{blog}/posts/{update['id']}/pin")
    expect(page.locator("#pinned")).to_be_visible(timeout=2000)
    expect(page.locator("#pinned article")).to_contain_text("Evacuation ordered")
    server.api.put(
        f"/api/v1/blogs/{blog}/posts/{update['id']}/key-event", json={"title": "Evacuation order"}
    )
    expect(page.locator("#key-events li")).to_contain_text("Evacuation order", timeout=2000)
    server.api.delete(f"/api/v1/blogs/{blog}/posts/{update['id']}/pin")
    expect(page.locator("#pinned")).to_be_hidden(timeout=2000)


def test_ending_coverage_tells_the_reader_and_stops_listening(page, server, blog):
    open_blog(page, server, blog)
    server.api.patch(f"/api/v1/blogs/{blog}", json={"status": "ended"})
    expect(page.locator(".blog-status")).to_contain_text("Coverage has ended", timeout=2000)
    expect(page.locator("#live-state")).to_contain_text("ended")
    assert page.evaluate("document.querySelector('main').dataset.live") == "false"


def test_times_show_the_stamp_and_how_long_ago(page, server, blog):
    server.publish(blog, "Stamped.")
    open_blog(page, server, blog)
    stamp = page.locator("#stream article .stamp").first
    expect(stamp).to_contain_text("UPDATE")
    expect(stamp).to_contain_text("GMT")
    expect(stamp.locator(".ago")).to_contain_text("now")


def test_an_update_that_arrives_live_has_the_share_links_the_page_gives_it(page, server, blog):
    open_blog(page, server, blog)
    update = server.publish(blog, "Ferries suspended until the wind drops.")
    share = page.locator(f"#update-{update['id']} .share")
    expect(share).to_have_count(1, timeout=2000)

    def links() -> list[str]:
        return share.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")

    arrived = links()
    copy_url = share.locator("button.copy-link").get_attribute("data-url")
    page.reload()
    assert links() == arrived  # as the server renders them into the page
    assert share.locator("button.copy-link").get_attribute("data-url") == copy_url
    assert copy_url.endswith(f"/{blog}/updates/{update['id']}") and "%7B" not in "".join(arrived)
