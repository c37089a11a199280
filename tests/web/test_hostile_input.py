"""A hostile client against the real app: each rule of the hostile-client findings,
tried with the input that broke it, through real HTTP into the ASGI app."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from dateline.domain.roles import Role
from tests.conftest import make_token
from tests.samples import full_blog, post

pytestmark = pytest.mark.anyio

TEXT_FIELDS = {
    "cover caption": lambda bad: {"cover": {"url": "/c.jpg", "alt": "A", "caption": bad}},
    "cover credit": lambda bad: {"cover": {"url": "/c.jpg", "alt": "A", "credit": bad}},
    "featured title": lambda bad: {"featured_links": [{"title": bad, "url": "/x"}]},
    "title": lambda bad: {"title": bad},
    "summary": lambda bad: {"summary": bad},
}
POST_FIELDS = {
    "heading": lambda bad: {"blocks": [{"type": "heading", "text": bad}]},
    "quote": lambda bad: {"blocks": [{"type": "quote", "text": bad}]},
    "quote attribution": lambda bad: {
        "blocks": [{"type": "quote", "text": "Q", "attribution": bad}]
    },
    "image caption": lambda bad: {
        "blocks": [{"type": "image", "url": "/i.jpg", "alt": "A", "caption": bad}]
    },
    "social author": lambda bad: {
        "blocks": [
            {
                "type": "social",
                "url": "https://x.com/a/status/1",
                "author_name": bad,
                "handle": "@a",
                "text": "T",
            }
        ]
    },
    "author": lambda bad: {"body": "Fine", "authors": [bad]},
    "key event": lambda bad: {"body": "Fine", "key_event": bad},
    "body": lambda bad: {"body": f"Fine {bad}"},
}
BAD_TEXT = {"lone surrogate": "\ud800", "NUL": "a\x00b", "escape": "a\x1b[31mb"}


async def still_fine(client) -> None:
    """After anything hostile, the blog's page and the list of blogs still answer."""
    assert (await client.get("/river/")).status_code == 200
    assert (await client.get("/api/v1/blogs")).status_code == 200


def raw_json(payload: dict) -> bytes:
    # json.dumps keeps a lone surrogate as the escape "\ud800", as a hostile client sends it.
    return json.dumps(payload).encode()


@pytest.mark.parametrize("bad", list(BAD_TEXT.values()), ids=list(BAD_TEXT))
@pytest.mark.parametrize("field", list(TEXT_FIELDS), ids=list(TEXT_FIELDS))
async def test_text_that_cannot_be_shown_is_refused_on_blogs_and_nothing_changes(
    client, editor, field, bad
):
    await full_blog(client, editor)
    before = (await client.get("/api/v1/blogs/river")).json()
    response = await client.patch(
        "/api/v1/blogs/river", content=raw_json(TEXT_FIELDS[field](bad)),
        headers={**editor, "content-type": "application/json"},
    )  # fmt: skip
    assert response.status_code == 422, response.text
    assert "cannot be shown" in response.text or "one line" in response.text
    assert (await client.get("/api/v1/blogs/river")).json() == before
    await still_fine(client)


@pytest.mark.parametrize("bad", list(BAD_TEXT.values()), ids=list(BAD_TEXT))
@pytest.mark.parametrize("field", list(POST_FIELDS), ids=list(POST_FIELDS))
async def test_text_that_cannot_be_shown_is_refused_on_updates(client, editor, field, bad):
    await full_blog(client, editor)
    seq = (await client.get("/api/v1/blogs/river")).json()["last_seq"]
    response = await client.post(
        "/api/v1/blogs/river/posts", content=raw_json(POST_FIELDS[field](bad)),
        headers={**editor, "content-type": "application/json"},
    )  # fmt: skip
    assert response.status_code == 422, response.text
    assert (await client.get("/api/v1/blogs/river")).json()["last_seq"] == seq
    await still_fine(client)


@pytest.mark.parametrize("url", ["//evil.example/x", "/\\evil.example/x", "javascript:alert(1)"])
async def test_no_url_field_takes_another_site_for_a_path_here(client, editor, url):
    await full_blog(client, editor)
    for payload in (
        {"cover": {"url": url, "alt": "A"}},
        {"featured_links": [{"title": "T", "url": url}]},
    ):
        response = await client.patch("/api/v1/blogs/river", json=payload, headers=editor)
        assert response.status_code == 422, payload
    for blocks in (
        [{"type": "image", "url": url, "alt": "A"}],
        [{"type": "link", "url": "https://ok.example", "image_url": url}],
    ):
        response = await client.post(
            "/api/v1/blogs/river/posts", json={"blocks": blocks}, headers=editor
        )
        assert response.status_code == 422, blocks
    made = await post(client, editor, "river", body=f"See [this]({url}) and <q cite='{url}'>x</q>")
    soup = BeautifulSoup((await client.get(f"/river/updates/{made['id']}")).text, "html.parser")
    carried = [t.get("href") or t.get("cite") for t in soup.select(".update-body [href], [cite]")]
    assert url not in carried and all(
        not c.startswith(("//", "/\\", "javascript")) for c in carried
    )


async def test_an_anonymous_huge_body_is_refused_before_it_is_read(client, editor):
    await full_blog(client, editor)
    # The declared length is refused as it stands: the two bytes sent are never awaited.
    headers = {"content-type": "application/json", "content-length": str(300 << 20)}
    response = await client.post("/api/v1/blogs/river/posts", content=b"{}", headers=headers)
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]


async def test_a_body_over_the_limit_is_413_even_without_a_length(client, editor):
    await full_blog(client, editor)

    async def chunks():
        for _ in range(40):
            yield b"x" * (64 << 10)

    response = await client.post("/api/v1/blogs/river/posts", content=chunks(), headers=editor)
    assert response.status_code == 413


async def test_an_api_write_without_a_token_is_refused_before_its_body_is_parsed(client, editor):
    await full_blog(client, editor)
    response = await client.post("/api/v1/blogs/river/posts", content=b"{not json")
    assert response.status_code == 401
    wrong = await client.post(
        "/api/v1/blogs/river/posts", content=b"{not json", headers={"Authorization": "Bearer no"}
    )
    assert wrong.status_code == 401


async def test_a_draft_with_200000_blocks_costs_nothing(app, client, editor):
    await full_blog(client, editor)
    token = make_token(app.database, "cory", Role.CONTRIBUTOR, blogs=["river"])
    contributor = {"Authorization": f"Bearer {token}"}
    blocks = [{"type": "text", "html": "<p>x</p>"}] * 200_000
    response = await client.post(
        "/api/v1/blogs/river/posts",
        json={"blocks": blocks, "status": "draft"},
        headers=contributor,
    )
    assert response.status_code == 413  # 6 MB: over the body limit, never parsed
    under_the_limit = [{"type": "text", "html": "<p>x</p>"}] * 20_000
    response = await client.post(
        "/api/v1/blogs/river/posts",
        json={"blocks": under_the_limit, "status": "draft"},
        headers=contributor,
    )
    assert response.status_code == 422  # counted before a single block is parsed
    assert response.json()["detail"][0]["msg"] == "has 20,000 blocks; the limit is 60"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/blogs/river/posts/99999999999999999999",
        "/api/v1/blogs/river/posts/-1",
        "/api/v1/blogs/river/changes?after=99999999999999999999",
        "/api/v1/blogs/river/changes?after=-5",
        "/api/v1/blogs/river/posts?cursor=MTox~~~",
        "/api/v1/blogs/river/posts?cursor=" + "A" * 5000,
        "/river/updates/99999999999999999999",
        "/river/?cursor=%FF%FE",
        "/river/?cursor=MTox~~~",
    ],
)
async def test_numbers_and_cursors_out_of_range_are_4xx(client, editor, path):
    await full_blog(client, editor)
    response = await client.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)
    await still_fine(client)


async def test_junk_cursors_do_not_fill_the_page_cache(app, client, editor):
    await full_blog(client, editor)
    size = app.pages._bytes
    for i in range(300):
        response = await client.get(f"/river/?cursor=MTox{'~' * (i % 7)}{i}")
        assert response.status_code == 422
    assert app.pages._bytes == size


@pytest.mark.parametrize(
    "fields",
    [
        {"published_at": "0001-01-01T00:00:00-05:00"},
        {"published_at": "0001-01-01T00:00:00+01:00"},
        {"published_at": "9999-12-31T23:59:59-05:00"},
    ],
)
async def test_times_that_cannot_be_shown_are_refused(client, editor, fields):
    await full_blog(client, editor)
    response = await client.post(
        "/api/v1/blogs/river/posts", json={"body": "Old", **fields}, headers=editor
    )
    assert response.status_code == 422
    await still_fine(client)


@pytest.mark.parametrize("zone", ["America", "../../etc/passwd", "Europe/", "", "x" * 300])
async def test_a_time_zone_must_be_a_real_zone(client, editor, zone):
    await full_blog(client, editor)
    response = await client.patch("/api/v1/blogs/river", json={"time_zone": zone}, headers=editor)
    assert response.status_code == 422
    await still_fine(client)


@pytest.mark.parametrize("slug", ["news\n", "api\n", "News", "-a", "a" * 81])
async def test_slugs_match_whole_strings(client, editor, slug):
    response = await client.post("/api/v1/blogs", json={"slug": slug, "title": "T"}, headers=editor)
    assert response.status_code == 422


async def test_a_slug_with_a_newline_in_the_address_is_not_a_blog(client, editor):
    await full_blog(client, editor)
    for path in ("/river%0A/", "/river%0A", "/river%0A/live"):
        response = await client.get(path)
        assert response.status_code == 404, path


async def test_the_trailing_slash_redirect_never_trusts_the_host_header(client, editor):
    await full_blog(client, editor)
    response = await client.get("/river", headers={"Host": "evil.example"})
    assert response.status_code == 301
    assert "evil.example" not in response.headers["location"]
    assert response.headers["location"] == "/river/"


@pytest.mark.parametrize(
    "blocks",
    [
        [{"type": "image", "url": "/i.jpg", "alt": "A", "caption": "c" * 1001}],
        [{"type": "image", "url": "/i.jpg", "alt": "A", "credit": "c" * 501}],
        [{"type": "link", "url": "https://a.example", "title": "t" * 501}],
    ],
)
async def test_short_fields_have_limits(client, editor, blocks):
    await full_blog(client, editor)
    response = await client.post(
        "/api/v1/blogs/river/posts", json={"blocks": blocks}, headers=editor
    )
    assert response.status_code == 422


async def test_six_huge_featured_titles_are_refused(client, editor):
    await full_blog(client, editor)
    links = [{"title": "t" * (1 << 20), "url": "/x"}] * 6
    response = await client.patch(
        "/api/v1/blogs/river", json={"featured_links": links}, headers=editor
    )
    assert response.status_code in (413, 422)


async def test_a_contributors_draft_intro_does_not_block_the_editors(app, client, editor):
    await client.post("/api/v1/blogs", json={"slug": "river", "title": "River"}, headers=editor)
    token = make_token(app.database, "cory", Role.CONTRIBUTOR, blogs=["river"])
    contributor = {"Authorization": f"Bearer {token}"}
    await post(client, contributor, "river", body="My intro", kind="intro", status="draft")
    made = await post(client, editor, "river", body="The intro", kind="intro")
    assert made["kind"] == "intro"


async def test_contributors_see_their_own_drafts_and_not_the_desks(app, client, editor):
    await full_blog(client, editor)
    secret = await post(client, editor, "river", body="Embargoed until noon", status="draft")
    token = make_token(app.database, "cory", Role.CONTRIBUTOR, blogs=["river"])
    contributor = {"Authorization": f"Bearer {token}"}
    own = await post(client, contributor, "river", body="My own draft", status="draft")
    path = "/api/v1/blogs/river/posts"
    assert (await client.get(f"{path}/{secret['id']}", headers=contributor)).status_code == 404
    assert (await client.get(f"{path}/{own['id']}", headers=contributor)).status_code == 200
    revisions = await client.get(f"{path}/{secret['id']}/revisions", headers=contributor)
    assert revisions.status_code == 404
    log = (await client.get("/api/v1/blogs/river/changes", headers=contributor)).text
    assert "Embargoed" not in log
    assert str(secret["id"]) not in [str(c.get("post_id")) for c in json.loads(log)["changes"]]
    desk = (await client.get("/api/v1/blogs/river/changes", headers=editor)).json()["changes"]
    assert secret["id"] in [c.get("post_id") for c in desk]


async def test_replays_show_each_update_as_it_is_now(client, editor):
    await full_blog(client, editor)
    first = await post(client, editor, "river", body="The suspect is John Doe of Riverside.")
    fixed = await client.patch(
        f"/api/v1/blogs/river/posts/{first['id']}",
        json={"version": first["version"], "body": "A suspect was arrested."},
        headers=editor,
    )
    assert fixed.status_code == 200
    gone = await post(client, editor, "river", body="A defamatory line.")
    await client.delete(f"/api/v1/blogs/river/posts/{gone['id']}", headers=editor)
    replay = (await client.get("/api/v1/blogs/river/changes?after=0")).text
    assert "John Doe" not in replay
    assert "defamatory" not in replay
    assert "A suspect was arrested." in replay
    history = await client.get(f"/api/v1/blogs/river/posts/{first['id']}/revisions", headers=editor)
    assert "John Doe" in history.text  # the newsroom keeps its record


BAD_INPUT = [
    ("POST", "/api/v1/blogs", b'{"slug": "x", "title": {"a": [[[[[[]]]]]]}}'),
    ("POST", "/api/v1/blogs", b"[" * 5000 + b"]" * 5000),
    ("POST", "/api/v1/blogs", b'{"slug": "\xff\xfe", "title": "T"}'),
    ("POST", "/api/v1/blogs", b'{"slug": "ok", "title": "\\ud800"}'),
    (
        "POST",
        "/api/v1/blogs",
        b'{"slug": "ok2", "title": "T", "coverage_start": "0001-01-01T00:00:00-12:00"}',
    ),
    ("POST", "/api/v1/blogs", b'{"slug": "ok3", "title": "T", "featured_links": [null, 5, "x"]}'),
    ("PATCH", "/api/v1/blogs/river", b'{"version": 99999999999999999999999, "title": "T"}'),
    ("PATCH", "/api/v1/blogs/river", b'{"stamp_format": "{HH}\\u0000"}'),
    ("PATCH", "/api/v1/blogs/river", b'{"cover": {"url": "/\\\\evil", "alt": "x"}}'),
    ("PATCH", "/api/v1/blogs/river", b'{"time_zone": "America"}'),
    ("PATCH", "/api/v1/blogs/river", b'{"language": "\\ud800"}'),
    ("POST", "/api/v1/blogs/river/posts", b'{"body": 12}'),
    ("POST", "/api/v1/blogs/river/posts", b'{"blocks": "nope"}'),
    ("POST", "/api/v1/blogs/river/posts", b'{"blocks": [{"type": "\\ud800"}]}'),
    ("POST", "/api/v1/blogs/river/posts", b'{"blocks": [{"type": "social", "media": [{}]}]}'),
    (
        "POST",
        "/api/v1/blogs/river/posts",
        b'{"body": "x", "published_at": "+999999-01-01T00:00:00Z"}',
    ),
    ("POST", "/api/v1/blogs/river/posts", b'{"body": "x", "tags": ["\\u0000"]}'),
    ("POST", "/api/v1/blogs/river/posts", b'{"body": "x", "authors": "Ann"}'),
    ("POST", "/api/v1/blogs/river/posts", b'{"body": "x", "pinned": "yes"}'),
    ("POST", "/api/v1/blogs/river/posts", b'{"body": "x", "status": "deleted"}'),
    ("POST", "/api/v1/blogs/river/posts", b'{"body": "![](javascript:alert(1))"}'),
    ("PATCH", "/api/v1/blogs/river/posts/99999999999999999999", b'{"version": 1, "body": "x"}'),
    ("PATCH", "/api/v1/blogs/river/posts/1", b'{"version": -1, "body": "x"}'),
    ("DELETE", "/api/v1/blogs/river/posts/1?version=99999999999999999999", b""),
    ("PUT", "/api/v1/blogs/river/posts/1/key-event", b'{"title": "\\ud800"}'),
    ("PUT", "/api/v1/blogs/river/posts/1/key-event", b'{"title": "' + b"k" * 500 + b'"}'),
    ("GET", "/api/v1/blogs/river/posts?limit=99999999999999999999", b""),
    ("GET", "/api/v1/blogs/river/posts?order=sideways", b""),
    ("GET", "/api/v1/blogs/%F0%9F%92%A9", b""),
    ("GET", "/api/v1/blogs/" + "a" * 5000, b""),
    ("GET", "/river/updates/1e10", b""),
    ("GET", "/river/?cursor=" + "%00" * 50, b""),
    ("GET", "/river/live?after=99999999999999999999", b""),
    ("GET", "/river/live?after=%EF%BC%91", b""),
]


@pytest.mark.parametrize(("method", "path", "body"), BAD_INPUT)
async def test_the_bad_input_corpus_gets_no_5xx_and_breaks_nothing(
    client, editor, method, path, body
):
    await full_blog(client, editor)
    headers = {**editor, "content-type": "application/json"}
    response = await client.request(method, path, content=body, headers=headers)
    assert response.status_code < 500, (method, path, response.status_code, response.text[:200])
    await still_fine(client)
