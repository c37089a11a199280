"""Script injection: every vector of the corpus through every input, rendered in every
reader output, in real Chromium. The sentinel `top.__pwned()` must never be called.

The pages are loaded with their Content-Security-Policy bypassed, so what is tested is
the sanitising and escaping alone (the policy is a second wall; test_content_security
checks it is there). Static checks back the browser up: no element carries an event
handler or a script URL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from dateline.store import migrate
from dateline.store.database import Database
from tests.conftest import Server, free_port, make_token

from .xss_vectors import NO_SPACES, ONE_LINE, VECTORS

pytestmark = pytest.mark.server

SENTINEL = """
window.__fired = [];
window.__pwned = () => window.__fired.push(location.href);
"""
# Every attribute in the document that could run or navigate to script. Attributes that
# only ever hold words for people (a title, alt text) may quote a vector as text.
DANGEROUS = """() => {
  const words = ['title', 'alt', 'aria-label', 'data-title'];
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (a.name.startsWith('on')) found.push(el.tagName + ' ' + a.name);
      // Words in a title attribute or a text meta (a description) are never followed.
      const textMeta = el.tagName === 'META' && a.name === 'content' &&
        /(title|description|alt)$/.test(el.getAttribute('property') || el.getAttribute('name'));
      const words_only = textMeta || words.includes(a.name);
      if (!words_only && /^(javascript|vbscript|data:text\\/html)/.test(v)) {
        found.push(el.tagName + ' ' + a.name + '=' + v);
      }
      if (a.name === 'srcset' && v.includes('javascript:')) found.push(el.tagName + ' srcset');
    }
    // JSON-LD is a data block, never run (tests/web/test_structured_data.py keeps it closed).
    if (el.tagName === 'SCRIPT' && !el.src && el.type !== 'application/ld+json') {
      found.push('inline script: ' + el.textContent);
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'META', 'FORM'].includes(el.tagName) &&
        el.closest('.update, .blog-header')) found.push('element ' + el.tagName);
  }
  return found;
}"""


def blocks_carrying(vector: str) -> list[dict[str, Any]]:
    """Every text field of every block type, each carrying the vector."""
    line = ("x " + vector.replace("\n", " "))[:100]  # within every short field's limit
    vector = "<p>x</p>" + vector
    return [
        {"type": "text", "html": vector},
        {"type": "heading", "text": line},
        {"type": "quote", "text": vector, "attribution": line},
        {
            "type": "social", "url": "https://x.com/someone/status/1", "author_name": line,
            "handle": line, "text": vector, "network": "x",
            "media": [{"url": "/media/none.jpg", "alt": line}],
        },
        {"type": "image", "url": "/media/none.jpg", "alt": line, "caption": vector, "credit": line},
        {"type": "video", "url": "https://video.example/a.mp4", "caption": vector, "credit": line},
        {
            "type": "link", "url": "https://news.example/a", "title": line, "description": vector,
            "site_name": line,
        },
    ]  # fmt: skip


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory) -> Iterator[Server]:
    tmp: Path = tmp_path_factory.mktemp("xss")
    url = f"sqlite:///{tmp / 'xss.db'}"
    handle = Database(url)
    migrate.upgrade(handle)
    token = make_token(handle)
    handle.close()
    port = free_port()
    server = Server(
        f"http://127.0.0.1:{port}", url, port, token, log_path=tmp / "log",
        env={"DATELINE_PAGE_SIZE": "400", "DATELINE_CAPTURE_SECONDS": "0"},
    )  # fmt: skip
    server.start()
    yield server
    server.stop()
    server.api.close()


def accepted(response: Any) -> bool:
    assert response.status_code < 500, response.text
    return response.status_code < 300


def assert_nothing_ran(page: Page, where: str) -> None:
    page.wait_for_timeout(150)
    assert page.evaluate("window.__fired") == [], f"a vector ran on {where}"
    assert page.evaluate(DANGEROUS) == [], f"something dangerous survived on {where}"


@pytest.fixture
def sandbox(browser) -> Iterator[Page]:
    context = browser.new_context(bypass_csp=True)
    context.add_init_script(SENTINEL)
    page = context.new_page()
    page.on("dialog", lambda dialog: (_ for _ in ()).throw(AssertionError(dialog.message)))
    yield page
    context.close()


def test_no_vector_runs_from_an_update_field_on_the_page_the_stream_or_the_update_page(
    sandbox: Page, xss_server: Server
):
    api = xss_server.api
    assert accepted(api.post("/api/v1/blogs", json={"slug": "xss", "title": "XSS"}))
    sandbox.goto(f"{xss_server.url}/xss/")  # open first: everything arrives as live frames
    sandbox.wait_for_timeout(300)
    made = []
    for i, vector in enumerate(VECTORS):
        response = api.post(
            "/api/v1/blogs/xss/posts",
            json={
                "blocks": blocks_carrying(vector),
                "key_event": ONE_LINE[i % len(ONE_LINE)][:120],
                "authors": [NO_SPACES[i % len(NO_SPACES)][:100]],
                "tags": [NO_SPACES[i % len(NO_SPACES)][:40]],
            },
        )
        if not accepted(response):  # a field refused it: send the blocks alone
            blocks = blocks_carrying(vector)
            response = api.post("/api/v1/blogs/xss/posts", json={"blocks": blocks})
            assert accepted(response), response.text
        made.append(response.json()["id"])
        body = api.post("/api/v1/blogs/xss/posts", json={"body": f"Before {vector} after"})
        if accepted(body):
            made.append(body.json()["id"])
    pinned = api.put(f"/api/v1/blogs/xss/posts/{made[0]}/pin")
    assert accepted(pinned)
    sandbox.wait_for_function(
        f"() => document.querySelectorAll('#stream > article').length >= {len(made)}"
        " || document.querySelector('#new-updates:not([hidden])')",
        timeout=20_000,
    )
    sandbox.click("#new-updates") if sandbox.is_visible("#new-updates") else None
    assert_nothing_ran(sandbox, "the live page")
    sandbox.goto(f"{xss_server.url}/xss/")
    assert_nothing_ran(sandbox, "the rendered page")
    for post_id in made[::7]:
        sandbox.goto(f"{xss_server.url}/xss/updates/{post_id}")
        assert_nothing_ran(sandbox, f"update page {post_id}")


def test_no_vector_runs_from_a_blog_setting(sandbox: Page, xss_server: Server):
    api = xss_server.api
    fields = len(ONE_LINE)
    for i in range(len(ONE_LINE)):
        pick = [ONE_LINE[(i + k) % fields] for k in range(9)]
        slug = f"setting-{i}"
        settings = {
            "slug": slug, "title": pick[0][:200], "summary": pick[1],
            "cover": {"url": "/media/c.jpg", "alt": pick[2][:500], "caption": pick[3],
                      "credit": pick[4][:200]},
            "featured_links": [{"label": pick[5][:40], "title": pick[6][:200], "url": "/a"}],
        }  # fmt: skip
        if not accepted(api.post("/api/v1/blogs", json=settings)):
            assert accepted(api.post("/api/v1/blogs", json={"slug": slug, "title": "T"}))
        api.patch(f"/api/v1/blogs/{slug}", json={"stamp_format": "{HH}" + pick[7][:70]})
        api.post(f"/api/v1/blogs/{slug}/posts", json={"body": "An update to stamp."})
    sandbox.goto(f"{xss_server.url}/")
    assert_nothing_ran(sandbox, "the index")
    for i in range(0, len(ONE_LINE), 3):
        sandbox.goto(f"{xss_server.url}/setting-{i}/", wait_until="domcontentloaded")
        assert_nothing_ran(sandbox, f"blog setting-{i}")
