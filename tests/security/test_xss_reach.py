"""Script injection, further: every family of the corpus (each at least 60 strong) batched
into updates, and every vector through the fields the first test does not reach — claims,
sources, corrections, embed snapshots, usernames, URL fields — rendered on the reader page,
the update pages, the page as it stood, the claims and the corrections pages. The sentinel
`top.__pwned()` must never be called, and no element may carry a handler or script URL.

Runtime stays bounded: vectors go 60 to an update (one per block), so each family costs a
few requests and one page load.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import cycle

from playwright.sync_api import Page

from dateline.store import members, people
from dateline.store.database import Database
from tests.conftest import PASSWORD

from .test_xss import accepted, assert_nothing_ran, sandbox, xss_server  # noqa: F401
from .xss_vectors import FAMILIES, NO_SPACES, ONE_LINE, SCRIPT_URLS, VECTORS

BLOCKS_PER_UPDATE = 60  # the most an update takes
BODIES_PER_UPDATE = 12


def chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def now_iso() -> str:
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def visit(page: Page, url: str, where: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    assert_nothing_ran(page, where)


def test_no_vector_of_any_family_runs_anywhere_an_update_is_shown(
    sandbox: Page,  # noqa: F811
    xss_server: Server,  # noqa: F811, F821
):
    api = xss_server.api
    assert accepted(api.post("/api/v1/blogs", json={"slug": "families", "title": "Families"}))
    sandbox.goto(f"{xss_server.url}/families/")  # open first: the updates arrive as live frames
    sandbox.wait_for_timeout(300)
    made: list[int] = []
    sent = 0
    for family, vectors in FAMILIES.items():
        for batch in chunks(vectors, BLOCKS_PER_UPDATE):
            blocks = [{"type": "text", "html": "<p>x</p>" + v} for v in batch]
            response = api.post("/api/v1/blogs/families/posts", json={"blocks": blocks})
            if not accepted(response):  # text with control characters is refused: safe
                refused = {int(e["field"].split("[")[1].split("]")[0])
                           for e in response.json()["detail"]}  # fmt: skip
                blocks = [b for n, b in enumerate(blocks) if n not in refused]
                response = api.post("/api/v1/blogs/families/posts", json={"blocks": blocks})
                assert accepted(response), (family, response.text)
            made.append(response.json()["id"])
            sent += len(blocks)
    for batch in chunks(FAMILIES["Markdown link and image tricks"], BODIES_PER_UPDATE):
        response = api.post("/api/v1/blogs/families/posts", json={"body": "\n\n".join(batch)})
        if accepted(response):
            made.append(response.json()["id"])
    assert sent >= 5 * 60
    sandbox.wait_for_function(
        f"() => document.querySelectorAll('#stream > article').length >= {len(made)}"
        " || document.querySelector('#new-updates:not([hidden])')",
        timeout=20_000,
    )
    if sandbox.is_visible("#new-updates"):
        sandbox.click("#new-updates")
    assert_nothing_ran(sandbox, "the live page")
    visit(sandbox, f"{xss_server.url}/families/", "the page")
    shown = sandbox.locator("#stream > article").count()
    assert shown >= len(made), "every update must be on the page that was checked"
    for post_id in made:
        visit(sandbox, f"{xss_server.url}/families/updates/{post_id}", f"update page {post_id}")
    visit(sandbox, f"{xss_server.url}/families/?at={now_iso()}", "the page as it stood")


def test_no_script_url_gets_into_a_url_field(
    sandbox: Page,  # noqa: F811
    xss_server: Server,  # noqa: F811, F821
):
    """URL fields refuse script URLs (422); any the rules let through must render inert."""
    api = xss_server.api
    assert accepted(api.post("/api/v1/blogs", json={"slug": "addresses", "title": "Addresses"}))
    blocks = {
        "link": lambda u: {"type": "link", "url": u, "title": "t"},
        "image": lambda u: {"type": "image", "url": u, "alt": "a"},
        "video": lambda u: {"type": "video", "url": u},
        "social": lambda u: {"type": "social", "url": u, "author_name": "a", "text": "t"},
        "social media": lambda u: {
            "type": "social", "url": "https://x.com/a/status/1", "author_name": "a",
            "text": "t", "media": [{"url": u, "alt": "a"}],
        },
    }  # fmt: skip
    let_through = []
    for url in SCRIPT_URLS:
        for name, block in blocks.items():
            response = api.post("/api/v1/blogs/addresses/posts", json={"blocks": [block(url)]})
            if accepted(response):
                let_through.append((name, url))
        settings = {
            "cover": {"url": url, "alt": "a"},
            "featured_links": [{"title": "t", "url": url}],
        }
        for field, value in settings.items():
            if accepted(api.patch("/api/v1/blogs/addresses", json={field: value})):
                let_through.append((field, url))
        source = api.post("/api/v1/sources", json={"name": f"Source {url[:150]}", "urls": [url]})
        if accepted(source):
            let_through.append(("source urls", url))
    visit(sandbox, f"{xss_server.url}/addresses/", "the page")
    visit(sandbox, f"{xss_server.url}/addresses/claims", "the claims page")
    # The rules refuse every script URL outright; this list is what they let through.
    assert let_through == []


def test_no_vector_runs_from_claims_sources_corrections_embeds_or_usernames(
    sandbox: Page,  # noqa: F811
    xss_server: Server,  # noqa: F811, F821
):
    api = xss_server.api
    assert accepted(api.post("/api/v1/blogs", json={"slug": "records", "title": "Records"}))
    base = "/api/v1/blogs/records"
    names = cycle(NO_SPACES)
    update_ids: list[int] = []
    for i, vector in enumerate(ONE_LINE):
        long = VECTORS[i % len(VECTORS)]
        source = api.post(
            "/api/v1/sources",
            json={"name": f"{i} {vector}"[:200], "handles": [next(names)[:100]],
                  "reliability": long},
        )  # fmt: skip
        if not accepted(source):
            source = api.post("/api/v1/sources", json={"name": f"Source {i}"})
            assert accepted(source), source.text
        claim = api.post(
            f"{base}/claims",
            json={"statement": vector[:500], "note": long, "source_id": source.json()["id"],
                  "status": "disputed"},
        )  # fmt: skip
        assert accepted(claim), claim.text
        carrying = {"body": f"Said {i}.", "claims": [claim.json()["id"]]}
        carrier = api.post(f"{base}/posts", json=carrying)
        assert accepted(carrier), carrier.text
        update_ids.append(carrier.json()["id"])
        corrected = api.patch(
            f"{base}/posts/{carrier.json()['id']}",
            json={"version": carrier.json()["version"], "body": f"Said {i}, corrected.",
                  "correction": {"kind": "correction", "note": long}},
        )  # fmt: skip
        assert accepted(corrected), corrected.text
        if i % 3 == 0:  # the snapshot fields themselves are in every block test; this is the
            # editor's way of filling them, through its own endpoint
            update_ids.append(_embed_with_snapshot(api, base, i, vector, long, next(names)))
    status = api.patch(
        f"{base}/claims/{claim.json()['id']}",
        json={"version": 1, "status": "false", "note": VECTORS[0], "post_id": update_ids[0]},
    )
    assert accepted(status), status.text
    _posts_by_people_named_with_vectors(xss_server, base)

    visit(sandbox, f"{xss_server.url}/records/", "the page")
    visit(sandbox, f"{xss_server.url}/records/claims", "the claims page")
    visit(sandbox, f"{xss_server.url}/records/corrections", "the corrections page")
    visit(sandbox, f"{xss_server.url}/records/?at={now_iso()}", "the page as it stood")
    for post_id in update_ids[::5]:
        visit(sandbox, f"{xss_server.url}/records/updates/{post_id}", f"update page {post_id}")


def _embed_with_snapshot(api, base: str, i: int, vector: str, long: str, name: str) -> int:
    """An update whose embeds (a post, a link card, a video) are filled in by hand with the
    vector in every snapshot field an editor may set."""
    body = (
        f"https://x.com/someone/status/{1000 + i}\n\n"
        f"https://news.example/story-{i}\n\n"
        f"https://www.youtube.com/watch?v=dQw4w9WgX{i % 10}Q"
    )
    made = api.post(f"{base}/posts", json={"body": body})
    assert accepted(made), made.text
    post = made.json()
    line = vector[:100]
    fields_by_type = {
        "social": {"author_name": line, "handle": name[:50], "text": long},
        "link": {"title": line, "description": long, "site_name": line},
        "video": {"title": line, "author_name": line, "caption": long, "credit": line},
    }
    version = post["version"]
    for index, block in enumerate(post["blocks"]):
        fields = fields_by_type.get(block["type"])
        if fields is None:
            continue
        answer = api.patch(
            f"{base}/posts/{post['id']}/embeds/{index}", json={"version": version, **fields}
        )
        if not accepted(answer):  # a rule refused the vector somewhere: fill it plainly
            plain = {k: "Plain words" for k in fields}
            answer = api.patch(
                f"{base}/posts/{post['id']}/embeds/{index}", json={"version": version, **plain}
            )
            assert accepted(answer), answer.text
        version = answer.json()["version"]
    return int(post["id"])


def _posts_by_people_named_with_vectors(server, base: str) -> None:
    """Usernames are whatever `dateline user add` allows (no spaces): people named with
    vectors write, publish and claim, so their names reach every record kept of them."""
    database = Database(server.database_url)
    try:
        for i, name in enumerate(NO_SPACES[:4]):  # Argon2 costs ~0.5 s a name
            try:
                database.run_write(people.add_user, name[:100], "editor", PASSWORD)
            except Exception:  # a name the rules refuse cannot be anyone's
                continue
            slug = base.rsplit("/", 1)[-1]
            database.run_write(members.add_to_blog, slug, name[:100], "tests")  # on its desk
            token = database.run_write(people.create_token, name[:100], name[:100])
            headers = {"Authorization": f"Bearer {token}"}
            made = server.api.post(f"{base}/posts", json={"body": f"By {i}."}, headers=headers)
            assert accepted(made), made.text
            claim = server.api.post(f"{base}/claims", json={"statement": f"Claim {i}"},
                                    headers=headers)  # fmt: skip
            assert accepted(claim), claim.text
    finally:
        database.close()
