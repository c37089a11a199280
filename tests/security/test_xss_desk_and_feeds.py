"""Script injection through the outputs the second wave added: the desk (home, a blog's
settings and distribution, a blog's working page, the people page), the embed page, and
the Atom and JSON feeds as a feed reader shows them. The sentinel `top.__pwned()` must
never be called, and no element may carry a handler or script URL (see test_xss.py).

Feed entries are HTML that a feed reader inserts into its own page: each entry's content
is loaded into a page here, as such a reader would, and must run nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import feedparser
import httpx
import pytest
from playwright.sync_api import Page

from dateline.domain.roles import Role
from dateline.store import migrate, people
from dateline.store.database import Database
from tests.conftest import PASSWORD, Server, free_port, make_token

from .test_xss import accepted, assert_nothing_ran, sandbox  # noqa: F401
from .xss_vectors import NO_SPACES, ONE_LINE, VECTORS

pytestmark = pytest.mark.server

ADMIN = "xss-admin"
BLOG = "deskxss"
PER_UPDATE = 60  # the most blocks an update takes


@pytest.fixture(scope="module")
def desk_server(tmp_path_factory) -> Iterator[Server]:
    tmp: Path = tmp_path_factory.mktemp("xss-desk")
    url = f"sqlite:///{tmp / 'xss.db'}"
    handle = Database(url)
    migrate.upgrade(handle)
    token = make_token(handle, ADMIN, Role.ADMIN)  # signs in with PASSWORD too
    # People whose names are vectors (names take no spaces): the people page lists them.
    for name in NO_SPACES[:4]:
        try:
            handle.run_write(people.add_user, name[:100], Role.CONTRIBUTOR.value, PASSWORD)
        except Exception:  # a name the rules refuse is safe by definition
            continue
    handle.close()
    port = free_port()
    server = Server(
        f"http://127.0.0.1:{port}", url, port, token, log_path=tmp / "log",
        env={"DATELINE_PAGE_SIZE": "400", "DATELINE_CAPTURE_SECONDS": "0"},
    )  # fmt: skip
    server.start()
    _fill(server.api)
    yield server
    server.stop()
    server.api.close()


def _fill(api: httpx.Client) -> None:
    """One blog whose every settings field carries vectors, and updates carrying them all."""
    assert accepted(api.post("/api/v1/blogs", json={"slug": BLOG, "title": "Desk XSS"}))
    for i, line in enumerate(ONE_LINE[:12]):
        settings = {
            "title": line[:200],
            "summary": line,
            "cover": {"url": "/media/none.jpg", "alt": line[:200], "caption": line,
                      "credit": line[:200]},
            "featured_links": [{"title": line[:200], "url": "https://news.example/a"}],
        }  # fmt: skip
        if i % 2:
            settings["status"] = "live"
        response = api.patch(f"/api/v1/blogs/{BLOG}", json=settings)
        if not accepted(response):  # a field refused it (control characters): safe
            continue
    api.patch(f"/api/v1/blogs/{BLOG}", json={"status": "live"})
    # Webhooks whose notes and addresses carry vectors: the distribution page lists them.
    # (An address with markup in it is refused; the note takes anything on one line.)
    for i, line in enumerate(ONE_LINE[:6]):
        hook = {"url": f"https://hooks.example/{i}?q=%22%3E", "description": line[:200]}
        assert accepted(api.post(f"/api/v1/blogs/{BLOG}/webhooks", json=hook))
    for start in range(0, len(VECTORS), PER_UPDATE):
        batch = VECTORS[start : start + PER_UPDATE]
        blocks = [{"type": "text", "html": "<p>x</p>" + v} for v in batch]
        response = api.post(
            f"/api/v1/blogs/{BLOG}/posts",
            json={"blocks": blocks, "key_event": ONE_LINE[start % len(ONE_LINE)][:120]},
        )
        if not accepted(response):
            response = api.post(f"/api/v1/blogs/{BLOG}/posts", json={"blocks": blocks})
        assert accepted(response), response.text
        # A draft too: the desk shows what readers do not see.
        api.post(f"/api/v1/blogs/{BLOG}/posts", json={"blocks": blocks, "status": "draft"})


def _sign_in(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/desk/login", wait_until="domcontentloaded")
    page.fill("input[name=name]", ADMIN)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{server.url}/desk/**")


def test_no_vector_runs_on_any_desk_page(sandbox: Page, desk_server: Server):  # noqa: F811
    _sign_in(sandbox, desk_server)
    for path, where in [
        ("/desk/", "the desk's home"),
        (f"/desk/blogs/{BLOG}/settings", "a blog's settings"),
        (f"/desk/blogs/{BLOG}/", "a blog's working page"),
        (f"/desk/blogs/{BLOG}/distribution", "a blog's distribution"),
        ("/desk/people", "the people page"),
    ]:
        response = sandbox.goto(desk_server.url + path, wait_until="domcontentloaded")
        assert response is not None and response.status == 200, (path, response)
        sandbox.wait_for_timeout(500)  # the working page fills its stream by script
        assert_nothing_ran(sandbox, where)


def test_no_vector_runs_on_the_embed_page(sandbox: Page, desk_server: Server):  # noqa: F811
    response = sandbox.goto(f"{desk_server.url}/{BLOG}/embed", wait_until="domcontentloaded")
    assert response is not None and response.status == 200
    assert sandbox.locator("article").count() >= len(VECTORS) // PER_UPDATE
    assert_nothing_ran(sandbox, "the embed page")


def test_no_vector_runs_where_a_feed_reader_shows_the_entries(
    sandbox: Page,  # noqa: F811
    desk_server: Server,
):
    atom = feedparser.parse(desk_server.api.get(f"/{BLOG}/feed.atom").content)
    assert not atom.bozo, atom.bozo_exception
    shown = [c.value for entry in atom.entries for c in entry.get("content", [])]
    feed = json.loads(desk_server.api.get(f"/{BLOG}/feed.json").content)
    shown += [item.get("content_html", "") for item in feed["items"]]
    titles = [entry.get("title", "") for entry in atom.entries]
    assert len(shown) >= 2 * (len(VECTORS) // PER_UPDATE)
    # As a reader app would: the entry's HTML inserted into its page, the title as text.
    sandbox.goto(f"{desk_server.url}/{BLOG}/", wait_until="domcontentloaded")
    sandbox.evaluate(
        """([entries, titles]) => {
            document.body.innerHTML = '';
            for (const html of entries) {
                const div = document.createElement('div');
                div.innerHTML = html;
                document.body.append(div);
            }
            for (const t of titles) document.body.append(document.createTextNode(t));
        }""",
        [shown, titles],
    )
    assert_nothing_ran(sandbox, "a feed reader's page")
