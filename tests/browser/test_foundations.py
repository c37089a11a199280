"""What the wave-1 findings asked for, seen in a real browser: text direction nobody set,
an API reference that needs no other host, and a site served under a path."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from dateline.store import migrate
from dateline.store.database import Database
from tests.conftest import Server, free_port, make_token

pytestmark = pytest.mark.server


def test_an_unlabelled_arabic_paragraph_reads_right_to_left(page: Page, server):
    slug = f"dir-{uuid.uuid4().hex[:8]}"
    assert server.api.post("/api/v1/blogs", json={"slug": slug, "title": "Dir"}).is_success
    made = server.api.post(
        f"/api/v1/blogs/{slug}/posts",
        json={
            "body": "The statement in full:\n\nعادت المياه إلى الحي الشمالي صباح اليوم.\n\n"
            "> הגשר נפתח מחדש.\n> — A spokesperson",
        },
    ).json()
    labelled = server.api.post(
        f"/api/v1/blogs/{slug}/posts",
        json={"blocks": [{"type": "text", "html": "<p>عربي</p>", "dir": "ltr"}]},
    ).json()
    page.goto(f"{server.url}/{slug}/")
    directions = page.eval_on_selector_all(
        f"#update-{made['id']} .update-body p",
        "nodes => nodes.map(n => [n.textContent.slice(0, 8), getComputedStyle(n).direction])",
    )
    assert directions[0][1] == "ltr"  # the English paragraph
    assert directions[1][1] == "rtl"  # Arabic, nobody set dir
    assert directions[2][1] == "rtl"  # the Hebrew quote
    explicit = page.eval_on_selector(
        f"#update-{labelled['id']} .update-body p", "n => getComputedStyle(n).direction"
    )
    assert explicit == "ltr"  # an explicit direction still wins


def test_the_api_reference_loads_with_no_request_to_another_host(page: Page, server):
    hosts: list[str] = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).netloc))
    page.goto(f"{server.url}/api/docs")
    expect(page.locator(".swagger-ui .title")).to_contain_text("Dateline", timeout=5000)
    expect(page.locator(".opblock-tag").first).to_be_visible()
    assert set(hosts) == {urlsplit(server.url).netloc}


@pytest.fixture
def under_a_path(tmp_path):
    url = f"sqlite:///{tmp_path / 'prefixed.db'}"
    handle = Database(url)
    migrate.upgrade(handle)
    token = make_token(handle)
    handle.close()
    port = free_port()
    running = Server(
        f"http://127.0.0.1:{port}/live", url, port, token, log_path=tmp_path / "server.log",
        env={"DATELINE_BASE_URL": f"http://127.0.0.1:{port}/live"},
    )  # fmt: skip
    running.start()
    yield running
    running.stop()
    running.api.close()


def test_a_site_under_a_path_is_live_in_the_browser(page: Page, under_a_path):
    server = under_a_path
    assert server.api.post("/api/v1/blogs", json={"slug": "harbour", "title": "Harbour"}).is_success
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(f"{server.url}/harbour/")
    page.wait_for_timeout(300)
    made = server.publish("harbour", "Ferries are running again.")
    article = page.locator(f"#update-{made['id']}")
    expect(article).to_contain_text("Ferries", timeout=3000)
    permalink = article.locator("a.permalink").get_attribute("href")
    assert permalink == f"/live/harbour/updates/{made['id']}"
    assert requested and all(path.startswith("/live/") for path in requested), requested
    assert "/live/harbour/live" in requested
