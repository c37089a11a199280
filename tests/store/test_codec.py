"""Snapshots: posts and blogs survive the trip to JSON and through each database unchanged."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import exc, insert, select

from dateline.domain.blocks import BLOCK_TYPES, parse_blocks
from dateline.domain.blog import Blog, CoverImage, FeaturedLink
from dateline.domain.post import Post
from dateline.store import blog_commands, changelog, post_commands, queries
from dateline.store.codec import (
    blog_from_snapshot,
    blog_to_snapshot,
    post_from_snapshot,
    post_to_snapshot,
)
from dateline.store.schema import blogs, revisions
from tests.conftest import EDITOR
from tests.store.desk import SLUG, START, start_blog

EVERY_BLOCK = [
    {"type": "text", "html": '<p>Buses <em>are</em> at the <a href="https://example.org/">gate</a>.</p>'},
    {"type": "heading", "text": "What we know", "level": 3},
    {
        "type": "quote", "text": "We will open the corridor at dawn.",
        "attribution": "A ministry spokesperson", "source_url": "https://example.org/statement",
    },
    {
        "type": "social", "url": "https://social.example/rana/1", "author_name": "Rana",
        "handle": "@rana", "text": "الحافلات وصلت", "lang": "ar", "dir": "rtl",
        "posted_at": "2016-12-12T21:44:59.654321Z", "network": "twitter",
        "media": [
            {"url": "https://media.example/a.jpg", "alt": "Buses in the rain", "kind": "image"},
            {"url": "/media/b.mp4", "kind": "video"},
        ],
    },
    {
        "type": "image", "url": "/media/gate.jpg", "alt": "The gate at night",
        "caption": "The crossing", "credit": "Staff photographer", "width": 1200, "height": 800,
    },
    {
        "type": "video", "url": "https://video.example/v.mp4", "caption": "The convoy leaves",
        "credit": "Agency", "poster_url": "/media/poster.jpg", "lang": "fr",
    },
    {
        "type": "link", "url": "https://example.org/feature", "title": "Five years of war",
        "description": "A long read.", "site_name": "Example", "image_url": "https://example.org/i.jpg",
    },
]  # fmt: skip

FULL_BLOG = {
    "slug": SLUG,
    "title": "Siege of the old city",
    "summary": "Live coverage.",
    "language": "ar",
    "time_zone": "Asia/Damascus",
    "stamp_format": "wire",
    "order": "oldest",
    "coverage_start": "2016-12-12T08:00:00.250000Z",
    "cover": {
        "url": "https://example.org/c.jpg",
        "alt": "Smoke",
        "caption": "Dawn",
        "credit": "AP",
    },
    "featured_links": [{"label": "FEATURE", "title": "Five years", "url": "https://example.org/f"}],
}


def is_utc(instant: datetime | None) -> bool:
    return instant is not None and instant.utcoffset() == timedelta(0)


def a_post(**changes: object) -> Post:
    values: dict[str, object] = {
        "id": 7, "blog_id": 3, "kind": "update", "status": "published",
        "blocks": parse_blocks(EVERY_BLOCK), "version": 4, "authors": ("Rana", "Sam"),
        "published_at": datetime(2016, 12, 12, 21, 45, 0, 654321, tzinfo=UTC), "pinned": True,
        "key_event": "Convoy leaves", "tags": ("aleppo", "convoy"), "created_by": "edna",
        "created_at": datetime(2016, 12, 12, 21, 40, tzinfo=UTC),
        "updated_at": datetime(2016, 12, 12, 22, 0, 0, 1, tzinfo=UTC),
        "edited_at": datetime(2016, 12, 12, 22, 0, 0, 1, tzinfo=UTC),
    }  # fmt: skip
    values.update(changes)
    return Post(**values)  # type: ignore[arg-type]


def test_the_blocks_cover_every_block_type():
    assert {block.type for block in parse_blocks(EVERY_BLOCK)} == set(BLOCK_TYPES)


@pytest.mark.parametrize(
    "post",
    [
        a_post(),
        a_post(kind="intro", pinned=False, key_event=None, status="draft", published_at=None,
               edited_at=None, authors=(), tags=(), created_by=None),
        a_post(published_at=datetime(2016, 12, 12, 23, 45, tzinfo=timezone(timedelta(hours=2)))),
    ],
    ids=["every field", "bare draft", "a zone other than UTC"],
)  # fmt: skip
def test_a_post_survives_its_snapshot_through_json(post):
    snapshot = json.loads(json.dumps(post_to_snapshot(post)))

    restored = post_from_snapshot(snapshot)

    assert restored == post
    assert all(
        is_utc(getattr(restored, name))
        for name in ("published_at", "created_at", "updated_at", "edited_at")
        if getattr(post, name) is not None
    )


def test_a_blog_survives_its_snapshot_through_json():
    blog = Blog(
        id=3, slug=SLUG, title="Siege", summary="Live.", language="ar", direction="rtl",
        time_zone="Asia/Damascus", stamp_format="UPDATE {HH}{mm} {tz}", order="oldest",
        status="ended", coverage_start=datetime(2016, 12, 12, 8, 0, 0, 250000, tzinfo=UTC),
        coverage_end=datetime(2016, 12, 13, 8, 0, tzinfo=UTC),
        cover=CoverImage("https://example.org/c.jpg", "Smoke", "Dawn", "AP"),
        featured_links=(FeaturedLink("FEATURE", "Five years", "https://example.org/f"),),
        last_seq=42, version=5, created_at=START, updated_at=START + timedelta(hours=3),
    )  # fmt: skip

    assert blog_from_snapshot(json.loads(json.dumps(blog_to_snapshot(blog)))) == blog
    assert blog_from_snapshot(blog_to_snapshot(Blog(id=1, slug="a", title="A"))) == Blog(
        id=1, slug="a", title="A"
    )


def test_a_post_of_every_block_type_comes_back_from_the_database_as_written(clocked_database):
    blog = start_blog(clocked_database)
    outcome = clocked_database.run_write(
        post_commands.create_post,
        SLUG,
        {
            "blocks": EVERY_BLOCK, "authors": ["Rana"], "tags": ["Aleppo"],
            "published_at": "2016-12-12T21:44:59.000001Z", "key_event": "Convoy",
        },
        EDITOR,
    )  # fmt: skip
    written = outcome.post

    stored = clocked_database.run_read(queries.get_post, blog.id, written.id)
    (revision,) = clocked_database.run_read(queries.post_revisions, written.id)
    (change,) = clocked_database.run_read(changelog.changes_after, blog.id, 1)

    assert stored == written
    assert post_from_snapshot(revision.snapshot) == written
    assert change.post == written
    assert post_from_snapshot(post_to_snapshot(stored)) == stored
    assert stored.published_at == datetime(2016, 12, 12, 21, 44, 59, 1, tzinfo=UTC)
    assert stored.created_at == START + timedelta(seconds=1)  # the clock's microseconds kept
    assert all(is_utc(t) for t in (stored.published_at, stored.created_at, stored.updated_at))
    assert {block.type for block in stored.blocks} == set(BLOCK_TYPES)


def test_a_blog_comes_back_from_the_database_as_written(clocked_database):
    blog, change = clocked_database.run_write(blog_commands.create_blog, FULL_BLOG, EDITOR)

    stored = clocked_database.run_read(queries.get_blog, SLUG)
    (logged,) = clocked_database.run_read(changelog.changes_after, blog.id, 0)

    assert stored == blog == change.blog == logged.blog
    assert blog_from_snapshot(blog_to_snapshot(stored)) == stored
    assert (stored.direction, stored.stamp_format, stored.order) == (
        "rtl", "UPDATE {HH}{mm} {tz}", "oldest",
    )  # fmt: skip
    assert stored.coverage_start == datetime(2016, 12, 12, 8, 0, 0, 250000, tzinfo=UTC)
    assert all(is_utc(t) for t in (stored.coverage_start, stored.created_at, stored.updated_at))


def test_an_instant_in_another_zone_is_stored_as_the_same_instant_in_utc(clocked_database):
    start_blog(clocked_database)
    blog, _ = clocked_database.run_write(
        blog_commands.update_blog, SLUG, {"coverage_start": "2016-12-12T10:00:00.5+02:00"}, EDITOR
    )

    stored = clocked_database.run_read(queries.get_blog, SLUG)

    assert stored.coverage_start == datetime(2016, 12, 12, 8, 0, 0, 500000, tzinfo=UTC)
    assert is_utc(stored.coverage_start)
    assert stored == blog


def test_an_aware_time_in_any_zone_is_kept_as_the_same_instant_in_utc(database):
    beirut = timezone(timedelta(hours=2))
    written = datetime(2016, 12, 12, 23, 45, 0, 500, tzinfo=beirut)
    row = {
        "slug": "zones", "title": "Zones", "summary": "", "language": "en", "direction": "ltr",
        "time_zone": "UTC", "stamp_format": "{HH}:{mm}", "post_order": "newest", "status": "live",
        "featured_links": [], "last_seq": 0, "version": 1,
        "created_at": written, "updated_at": written,
    }  # fmt: skip
    database.run_write(lambda tx: tx.conn.execute(insert(blogs), row))

    stored = database.run_read(queries.get_blog, "zones")

    assert stored.created_at == datetime(2016, 12, 12, 21, 45, 0, 500, tzinfo=UTC)
    assert is_utc(stored.created_at)


def test_the_store_refuses_naive_datetimes(database):
    row = {
        "slug": "naive", "title": "Naive", "summary": "", "language": "en", "direction": "ltr",
        "time_zone": "UTC", "stamp_format": "{HH}:{mm}", "post_order": "newest", "status": "live",
        "featured_links": [], "last_seq": 0, "version": 1,
        "created_at": datetime(2016, 12, 12, 21, 45), "updated_at": START,
    }  # fmt: skip

    with pytest.raises(exc.StatementError, match="naive datetime"):
        database.run_write(lambda tx: tx.conn.execute(insert(blogs), row))

    assert database.run_read(lambda conn: conn.execute(select(blogs)).all()) == []
    assert database.run_read(lambda conn: conn.execute(select(revisions)).all()) == []
