"""When the server refuses a live stream (503, it holds all it can), the page polls."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from dateline.store import migrate
from dateline.store.database import Database
from tests.conftest import Server, free_port, make_token

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server that holds no live streams at all: every one is refused."""
    tmp_path = tmp_path_factory.mktemp("full")
    url = f"sqlite:///{tmp_path / 'full.db'}"
    handle = Database(url)
    migrate.upgrade(handle)
    token = make_token(handle)
    handle.close()
    port = free_port()
    running = Server(
        f"http://127.0.0.1:{port}", url, port, token, log_path=tmp_path / "server.log",
        env={"DATELINE_MAX_STREAMS": "0"},
    )  # fmt: skip
    running.start()
    yield running
    running.stop()
    running.api.close()


def test_a_refused_stream_makes_the_page_poll_and_updates_still_arrive(page: Page, full):
    slug = f"spike-{uuid.uuid4().hex[:8]}"
    assert full.api.post("/api/v1/blogs", json={"slug": slug, "title": "Spike"}).is_success
    assert full.api.patch(f"/api/v1/blogs/{slug}", json={"status": "live"}).is_success
    statuses: dict[str, int] = {}
    page.on("response", lambda r: statuses.setdefault(r.url.split("?")[0], r.status))
    with page.expect_request(lambda r: "/changes" in r.url, timeout=10_000):
        page.goto(f"{full.url}/{slug}/")
    assert statuses[f"{full.url}/{slug}/live"] == 503
    full.publish(slug, "Arrived by polling while the streams were full.")
    expect(page.locator("#stream")).to_contain_text("Arrived by polling", timeout=10_000)
