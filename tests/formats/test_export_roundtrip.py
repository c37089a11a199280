"""Export → import into an empty database → export gives the same bytes, on both engines."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from dateline.domain.errors import Invalid
from dateline.formats.export_json import export_bytes
from dateline.store import migrate, post_commands
from dateline.store.database import Database
from tests.conftest import EDITOR
from tests.formats.importing import record_of, run_import
from tests.formats.newsroom_day import SLUG, build_newsroom_day
from tests.store.desk import Clock, assert_record_agrees


@pytest.fixture
def second_url(database_url: str, tmp_path) -> Iterator[str]:
    """Another empty database on the same engine."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'second.db'}"
        return
    admin = database_url.rsplit("/", 1)[0] + "/test"
    name = f"dateline_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield database_url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def opened(url: str) -> Database:
    handle = Database(url, clock=Clock())
    migrate.upgrade(handle)
    return handle


@pytest.fixture
def newsroom(database_url: str) -> Iterator[Database]:
    handle = opened(database_url)
    build_newsroom_day(handle)
    yield handle
    handle.close()


def test_export_then_import_into_an_empty_database_then_export_gives_the_same_bytes(
    newsroom: Database, second_url: str
):
    first = export_bytes(record_of(newsroom, SLUG))
    document = json.loads(first)
    # Everything is there: the record, not only the page.
    statuses = sorted(p["status"] for p in document["posts"])
    assert statuses == ["deleted", "draft", *["published"] * 4, "scheduled"]
    assert len(document["revisions"]) > len(document["posts"])
    assert [c["seq"] for c in document["changes"]] == list(
        range(1, document["blog"]["last_seq"] + 1)
    )
    assert document["claims"][0]["status"] == "false" and len(document["claim_history"]) == 2
    assert document["sources"][0]["name"] == "Port Authority"
    assert [c["kind"] for c in document["corrections"]] == ["correction"]
    assert document["media"][0]["id"] == "0123456789abcdef0123456789abcdef"
    assert document["posts"][0]["id"] > 1  # another blog came first: ids are kept, not renumbered

    fresh = opened(second_url)
    try:
        report = run_import(fresh, first, SLUG)
        assert report.format == "dateline-export" and report.created_blog
        again = export_bytes(record_of(fresh, SLUG))
        assert again == first
        blog = record_of(fresh, SLUG).blog
        assert assert_record_agrees(fresh, blog.id) == blog.last_seq
        # The database goes on from there: new ids after the imported ones.
        outcome = fresh.run_write(post_commands.create_post, SLUG, {"body": "After."}, EDITOR)
        assert outcome.post.id > max(p["id"] for p in document["posts"])
        assert outcome.seq == blog.last_seq + 1
    finally:
        fresh.close()


def test_an_export_imports_under_new_ids_where_its_own_are_taken(newsroom: Database):
    first = export_bytes(record_of(newsroom, SLUG))
    run_import(newsroom, first, "harbour-storm-copy")
    copy = record_of(newsroom, "harbour-storm-copy")
    original = record_of(newsroom, SLUG)
    assert {p.id for p in copy.posts}.isdisjoint({p.id for p in original.posts})
    assert [p.blocks for p in copy.posts] == [p.blocks for p in original.posts]
    assert assert_record_agrees(newsroom, copy.blog.id) == original.blog.last_seq
    [claim] = copy.claims.claims
    assert claim.status_update_id in {p.id for p in copy.posts}
    carried = [p for p in copy.posts if p.claims]
    assert carried and all(ref.id == claim.id for p in carried for ref in p.claims)
    assert copy.claims.sources == original.claims.sources  # the newsroom's source, reused


def test_an_export_does_not_merge_into_an_existing_blog(newsroom: Database):
    first = export_bytes(record_of(newsroom, SLUG))
    with pytest.raises(Invalid, match="already exists"):
        run_import(newsroom, first, SLUG, into_existing=True)
