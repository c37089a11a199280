"""Feeds read by real clients: feedparser for Atom, a JSON Schema of JSON Feed 1.1,
with edits, deletions, claim changes, archives and conditional GET."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from jsonschema import Draft202012Validator

pytestmark = pytest.mark.anyio
SCHEMA = json.loads(
    (Path(__file__).parents[1] / "formats" / "json_feed_1_1.schema.json").read_text()
)
ATOM = "{http://www.w3.org/2005/Atom}"
TOMBSTONES = "{http://purl.org/atompub/tombstones/1.0}"


async def make_blog(client, editor, slug: str = "valley", **fields) -> str:
    body = {"slug": slug, "title": f"The {slug}, live", "summary": "Flooding in the valley.",
            **fields}  # fmt: skip
    response = await client.post("/api/v1/blogs", json=body, headers=editor)
    assert response.status_code == 201, response.text
    return slug


async def publish(client, editor, slug: str, **fields) -> dict:
    response = await client.post(f"/api/v1/blogs/{slug}/posts", json=fields, headers=editor)
    assert response.status_code == 201, response.text
    return response.json()


def when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


async def atom(client, path: str) -> feedparser.FeedParserDict:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


async def test_feedparser_reads_the_atom_feed_with_ids_times_authors_and_content(client, editor):
    slug = await make_blog(client, editor)
    first = await publish(client, editor, slug, body="The river rose overnight.", authors=["Ines"])
    second = await publish(
        client, editor, slug, body="Roads closed near [the bridge](/valley/).", tags=["roads"]
    )
    await publish(client, editor, slug, body="A draft nobody sees.", status="draft")
    parsed = await atom(client, f"/{slug}/feed.atom")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "The valley, live"
    assert parsed.feed.link == "http://dateline.test/valley/"
    entries = parsed.entries
    assert len(entries) == 2  # newest first; never the draft
    assert [e.link for e in entries] == [
        f"http://dateline.test/valley/updates/{second['id']}",
        f"http://dateline.test/valley/updates/{first['id']}",
    ]
    assert entries[0].id.startswith("tag:dateline.test,")
    assert entries[0].id.endswith(f":update:{second['id']}")
    assert entries[1].author == "Ines"
    assert entries[0].author == "Dateline"  # signed by nobody: the publisher
    assert when(entries[1].published) == when(first["published_at"])
    assert when(entries[1].updated) == when(first["published_at"])
    content = entries[0].content[0]
    assert content.type == "text/html"
    assert "Roads closed near" in content.value
    assert 'href="http://dateline.test/valley/"' in content.value  # absolute, for any reader
    assert entries[0].tags[0].term == "roads"
    # Stable: the same ids on every read.
    again = await atom(client, f"/{slug}/feed.atom")
    assert [e.id for e in again.entries] == [e.id for e in entries]


async def test_an_edit_moves_updated_and_a_deletion_is_a_deleted_entry(client, editor):
    slug = await make_blog(client, editor)
    kept = await publish(client, editor, slug, body="Water at the school gates.")
    gone = await publish(client, editor, slug, body="A report we withdraw.")
    before = (await atom(client, f"/{slug}/feed.atom")).entries
    edited = await client.patch(
        f"/api/v1/blogs/{slug}/posts/{kept['id']}",
        json={"version": 1, "body": "Water at the school gates; pupils sent home."},
        headers=editor,
    )
    assert edited.status_code == 200, edited.text
    deleted = await client.delete(f"/api/v1/blogs/{slug}/posts/{gone['id']}", headers=editor)
    assert deleted.status_code in (200, 204)
    response = await client.get(f"/{slug}/feed.atom")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    [entry] = parsed.entries
    assert entry.id == before[1].id
    assert when(entry.updated) == when(edited.json()["edited_at"]) > when(entry.published)
    assert "pupils sent home" in entry.content[0].value
    root = ElementTree.fromstring(response.content)
    [tombstone] = root.findall(f"{TOMBSTONES}deleted-entry")
    assert tombstone.get("ref") == before[0].id
    assert tombstone.get("when")
    assert "A report we withdraw" not in response.text


async def test_the_json_feed_is_valid_json_feed_1_1(client, editor):
    slug = await make_blog(client, editor)
    await publish(client, editor, slug, body="Evacuation centre opens.", authors=["Omar"])
    await publish(client, editor, slug, body="> Stay indoors.\n> — The mayor", key_event="Warning")
    response = await client.get(f"/{slug}/feed.json")
    assert response.headers["content-type"] == "application/feed+json; charset=utf-8"
    document = response.json()
    validator = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(document)] == []
    assert document["feed_url"] == "http://dateline.test/valley/feed.json"
    newest, oldest = document["items"]
    assert newest["title"] == "Warning"
    assert "The mayor" in newest["content_text"]
    assert oldest["authors"] == [{"name": "Omar"}]
    for item in document["items"]:
        assert item["url"].startswith("http://dateline.test/valley/updates/")
    # The checker must be able to fail.
    broken = {**document, "items": [{"title": "no id"}]}
    assert list(validator.iter_errors(broken))


async def test_a_claim_status_change_updates_the_entries_that_carry_it(client, editor):
    slug = await make_blog(client, editor)
    claim = (
        await client.post(
            f"/api/v1/blogs/{slug}/claims", json={"statement": "The dam burst"}, headers=editor
        )
    ).json()
    update = await publish(
        client, editor, slug, body="Residents: the dam burst.", claims=[claim["id"]]
    )
    [before] = (await atom(client, f"/{slug}/feed.atom")).entries
    assert "Unverified" in before.content[0].value
    changed = await client.patch(
        f"/api/v1/blogs/{slug}/claims/{claim['id']}",
        json={"version": 1, "status": "false", "note": "Engineers inspected it"},
        headers=editor,
    )
    assert changed.status_code == 200
    [after] = (await atom(client, f"/{slug}/feed.atom")).entries
    assert "False" in after.content[0].value
    assert when(after.updated) > when(update["published_at"])


async def test_older_entries_are_in_archive_documents(client, editor):
    slug = await make_blog(client, editor)
    made = [await publish(client, editor, slug, body=f"Update number {i}.") for i in range(53)]
    current = await atom(client, f"/{slug}/feed.atom")
    assert len(current.entries) == 50
    links = {link.rel: link.href for link in current.feed.links}
    assert links["prev-archive"] == "http://dateline.test/valley/feed.atom?page=1"
    archive_response = await client.get(f"/{slug}/feed.atom?page=1")
    archive = feedparser.parse(archive_response.content)
    assert not archive.bozo
    root = ElementTree.fromstring(archive_response.content)
    assert root.find("{http://purl.org/syndication/history/1.0}archive") is not None
    archive_links = {link.rel: link.href for link in archive.feed.links}
    assert archive_links["current"] == "http://dateline.test/valley/feed.atom"
    assert "prev-archive" not in archive_links
    assert [e.link.rsplit("/", 1)[1] for e in archive.entries] == [str(p["id"]) for p in made[:50]][
        ::-1
    ]
    seen = {e.id for e in current.entries} | {e.id for e in archive.entries}
    assert len(seen) == 53
    assert (await client.get(f"/{slug}/feed.atom?page=2")).status_code == 404
    json_page = (await client.get(f"/{slug}/feed.json")).json()
    assert json_page["next_url"] == "http://dateline.test/valley/feed.json?page=1"


async def test_conditional_get_answers_304_until_the_blog_changes(client, editor):
    slug = await make_blog(client, editor)
    await publish(client, editor, slug, body="First.")
    for path in (f"/{slug}/feed.atom", f"/{slug}/feed.json"):
        first = await client.get(path)
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert (await client.get(path, headers={"If-None-Match": etag})).status_code == 304
        since = await client.get(path, headers={"If-Modified-Since": modified})
        assert since.status_code == 304
    await publish(client, editor, slug, body="Second.")
    for path in (f"/{slug}/feed.atom", f"/{slug}/feed.json"):
        assert (await client.get(path, headers={"If-None-Match": etag})).status_code == 200


async def test_the_site_feed_carries_every_live_blog_and_nothing_private(client, editor):
    await make_blog(client, editor, "north")
    await make_blog(client, editor, "south")
    await make_blog(client, editor, "hidden", status="draft")
    await publish(client, editor, "north", body="North update.")
    await publish(client, editor, "south", body="South update.")
    await publish(client, editor, "hidden", body="Not yet public.")
    parsed = await atom(client, "/feed.atom")
    assert sorted(e.link.split("/")[3] for e in parsed.entries) == ["north", "south"]
    document = (await client.get("/feed.json")).json()
    validator = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(document)) == []
    assert len(document["items"]) == 2
    index = (await client.get("/")).text
    assert (
        'type="application/atom+xml" title="Every live blog (Atom)" href="http://dateline.test/feed.atom"'
        in index
    )
    assert (await client.get("/hidden/feed.atom")).status_code == 404
    assert (await client.get("/hidden/feed.json")).status_code == 404
