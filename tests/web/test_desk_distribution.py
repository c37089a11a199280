"""A blog's distribution on the desk, through real HTTP: the snippet and addresses,
noindex and embed origins with problems beside the field, webhooks added (the secret
shown once), paused, resumed and removed with their delivery log; contributors and
editors off the blog refused, and a form without its CSRF token refused."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from dateline.domain.roles import Role
from dateline.store import webhooks
from tests.markup import html_errors
from tests.web.signing_in import SAME_SITE, add_person, sign_in

pytestmark = pytest.mark.anyio
PAGE = "/desk/blogs/harbour/distribution"


@pytest.fixture
async def csrf(app, client):
    """edna, an editor, starts the blog (so is on its desk) and stays signed in."""
    add_person(app.database, "edna", Role.EDITOR)
    token = await sign_in(client, "edna")
    made = await client.post(
        "/desk/blogs/new",
        data={"csrf_token": token, "slug": "harbour", "title": "Harbour"},
        headers=SAME_SITE,
    )
    assert made.status_code == 303, made.text
    return token


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="field-error" id="([^"]+)-error">([^<]*)</p>', html))


async def test_the_page_gives_the_snippet_the_feeds_and_oembed(client, csrf):
    page = await client.get(PAGE)
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert (
        "&lt;iframe src=&#34;http://dateline.test/harbour/embed&#34;" in page.text
        or "&lt;iframe src=&quot;http://dateline.test/harbour/embed&quot;" in page.text
    ), page.text
    assert "/static/dateline-embed.js" in page.text
    assert "http://dateline.test/harbour/feed.atom" in page.text
    assert "http://dateline.test/harbour/feed.json" in page.text
    assert "http://dateline.test/oembed?url=" in page.text
    assert 'data-copy="embed-snippet"' in page.text
    # Linked from the settings page and the blog's desk.
    for linked_from in ("/desk/blogs/harbour/settings", "/desk/blogs/harbour/"):
        assert f'href="{PAGE}"' in (await client.get(linked_from)).text


async def test_noindex_and_embed_origins_are_saved_and_refused_beside_the_field(client, csrf):
    version = (await client.get("/api/v1/blogs/harbour")).json()["version"]
    bad = await client.post(
        f"{PAGE}/reach",
        data={"csrf_token": csrf, "version": str(version), "noindex": "on",
              "embed_origins": "https://partner.example\nhttps://x.example/path"},
        headers=SAME_SITE,
    )  # fmt: skip
    assert bad.status_code == 422
    assert set(_errors(bad.text)) == {"embed_origins"}
    assert "https://x.example/path" in _errors(bad.text)["embed_origins"]
    assert "https://partner.example\nhttps://x.example/path</textarea>" in bad.text  # kept
    blog = (await client.get("/api/v1/blogs/harbour")).json()
    assert (blog["noindex"], blog["embed_origins"]) == (False, [])  # nothing half-written
    assert html_errors({"refused": bad.text}) == []

    saved = await client.post(
        f"{PAGE}/reach",
        data={"csrf_token": csrf, "version": str(version), "noindex": "on",
              "embed_origins": " https://Partner.example \n\nhttps://b.example:8443\n"},
        headers=SAME_SITE,
    )  # fmt: skip
    assert saved.status_code == 303
    assert saved.headers["location"].endswith("?done=saved#reach")
    blog = (await client.get("/api/v1/blogs/harbour")).json()
    assert blog["noindex"] is True
    assert blog["embed_origins"] == ["https://partner.example", "https://b.example:8443"]
    embed = await client.get("/harbour/embed")
    assert (
        "frame-ancestors 'self' https://partner.example" in embed.headers["content-security-policy"]
    )
    page = (await client.get(PAGE)).text
    assert 'name="noindex" type="checkbox" checked' in page
    # An old version is a conflict, not a silent overwrite.
    stale = await client.post(
        f"{PAGE}/reach",
        data={"csrf_token": csrf, "version": str(version), "embed_origins": ""},
        headers=SAME_SITE,
    )
    assert stale.status_code == 409
    assert (await client.get("/api/v1/blogs/harbour")).json()["noindex"] is True


async def test_webhooks_added_paused_resumed_and_removed_with_their_log(app, client, csrf):
    bad = await client.post(
        f"{PAGE}/webhooks", data={"csrf_token": csrf, "url": "ftp://cms.example/hook"},
        headers=SAME_SITE,
    )  # fmt: skip
    assert bad.status_code == 422
    assert set(_errors(bad.text)) == {"url"}
    assert (await client.get("/api/v1/blogs/harbour/webhooks")).json()["items"] == []

    added = await client.post(
        f"{PAGE}/webhooks",
        data={"csrf_token": csrf, "url": "https://cms.example/hook", "description": "the CMS"},
        headers=SAME_SITE,
    )
    assert added.status_code == 200
    assert added.headers["cache-control"] == "no-store"
    secret = re.search(r'id="webhook-secret" [^>]*value="(whsec_[^"]+)"', added.text)
    assert secret, added.text
    hook = (await client.get("/api/v1/blogs/harbour/webhooks")).json()["items"][0]
    assert (hook["url"], hook["description"], hook["active"]) == (
        "https://cms.example/hook", "the CMS", True
    )  # fmt: skip
    stored = app.database.run_read(webhooks.get_webhook, "harbour", hook["id"])
    assert stored.secret == secret.group(1)
    page = (await client.get(PAGE)).text
    assert secret.group(1) not in page  # shown once
    assert "Nothing sent yet." in page

    app.database.run_write(
        webhooks.record_attempt, stored, seq=stored.delivered_seq + 1, delivery_id="msg_1_7",
        status_code=503, error="", duration_ms=12, first_retry=timedelta(seconds=5),
    )  # fmt: skip
    page = (await client.get(PAGE)).text
    row = re.search(r"<tr>\s*<td data-label=\"Time \(UTC\)\">.*?</tr>", page, re.S)
    assert row, page
    assert "msg_1_7" in row.group(0) and "503" in row.group(0)
    assert '<td data-label="Attempt">1</td>' in row.group(0)
    assert "1 failed attempt in a row" in page
    assert html_errors({"log": page}) == []

    url = f"{PAGE}/webhooks/{hook['id']}"
    paused = await client.post(
        url, data={"csrf_token": csrf, "action": "pause", "version": str(hook["version"])},
        headers=SAME_SITE,
    )  # fmt: skip
    assert paused.status_code == 303
    now = (await client.get(f"/api/v1/blogs/harbour/webhooks/{hook['id']}")).json()
    assert now["active"] is False
    assert "The webhook was paused" in (await client.get(paused.headers["location"])).text
    stale = await client.post(
        url, data={"csrf_token": csrf, "action": "resume", "version": str(hook["version"])},
        headers=SAME_SITE,
    )  # fmt: skip
    assert stale.status_code == 409
    resumed = await client.post(
        url, data={"csrf_token": csrf, "action": "resume", "version": str(now["version"])},
        headers=SAME_SITE,
    )  # fmt: skip
    assert resumed.status_code == 303
    assert (await client.get(f"/api/v1/blogs/harbour/webhooks/{hook['id']}")).json()["active"]
    odd = await client.post(url, data={"csrf_token": csrf, "action": "mute"}, headers=SAME_SITE)
    assert odd.status_code == 422
    missing = await client.post(f"{PAGE}/webhooks/0", data={"csrf_token": csrf, "action": "delete"},
                                headers=SAME_SITE)  # fmt: skip
    assert missing.status_code == 404
    gone = await client.post(url, data={"csrf_token": csrf, "action": "delete"}, headers=SAME_SITE)
    assert gone.status_code == 303
    assert (await client.get("/api/v1/blogs/harbour/webhooks")).json()["items"] == []


async def test_a_form_without_its_csrf_token_is_refused(client, csrf):
    for path, data in ((f"{PAGE}/reach", {"noindex": "on"}),
                       (f"{PAGE}/webhooks", {"url": "https://cms.example/hook"})):  # fmt: skip
        refused = await client.post(path, data=data, headers=SAME_SITE)
        assert refused.status_code == 403, path
    assert (await client.get("/api/v1/blogs/harbour")).json()["noindex"] is False
    assert (await client.get("/api/v1/blogs/harbour/webhooks")).json()["items"] == []


@pytest.mark.parametrize(
    ("name", "role", "on_blog"),
    [("casey", Role.CONTRIBUTOR, True), ("otto", Role.EDITOR, False)],
)
async def test_contributors_and_editors_off_the_blog_are_refused(
    app, client, csrf, name, role, on_blog
):
    add_person(app.database, name, role, blogs=("harbour",) if on_blog else ())
    client.cookies.clear()  # edna signs out; the other person signs in
    token = await sign_in(client, name)
    assert (await client.get(PAGE)).status_code == 403
    for path, data in ((f"{PAGE}/reach", {"noindex": "on"}),
                       (f"{PAGE}/webhooks", {"url": "https://cms.example/hook"})):  # fmt: skip
        refused = await client.post(path, data={**data, "csrf_token": token}, headers=SAME_SITE)
        assert refused.status_code == 403, path
    if on_blog:  # the blog's desk does not offer the link either
        assert f'href="{PAGE}"' not in (await client.get("/desk/blogs/harbour/")).text
    database = app.database
    assert database.run_read(webhooks.blog_webhooks, "harbour") == []


async def test_the_page_is_valid_html(client, csrf):
    await client.post(
        f"{PAGE}/webhooks", data={"csrf_token": csrf, "url": "https://cms.example/hook"},
        headers=SAME_SITE,
    )  # fmt: skip
    pages = {"page": (await client.get(PAGE)).text}
    pages["hook-refused"] = (
        await client.post(f"{PAGE}/webhooks", data={"csrf_token": csrf, "url": "x"},
                          headers=SAME_SITE)
    ).text  # fmt: skip
    assert html_errors(pages) == []
