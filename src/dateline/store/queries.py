"""Read-side queries: blogs, pages of updates, revisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, true, tuple_

from ..domain.blog import Blog
from ..domain.errors import NotFound
from ..domain.post import Post
from .codec import blog_from_row, post_from_row
from .cursors import decode_cursor, encode_cursor
from .schema import blogs, posts, revisions


@dataclass(frozen=True)
class Page:
    """One page of updates and the cursor of the next, if there is one."""

    posts: list[Post]
    next_cursor: str | None


@dataclass(frozen=True)
class Revision:
    version: int
    snapshot: dict[str, Any]
    actor: str | None
    created_at: Any


def get_blog(conn: Connection, slug: str, *, lock: bool = False) -> Blog:
    query = select(blogs).where(blogs.c.slug == slug)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).mappings().first()
    if row is None:
        raise NotFound("blog", slug)
    return blog_from_row(row)


def get_blog_by_id(conn: Connection, blog_id: int) -> Blog:
    row = conn.execute(select(blogs).where(blogs.c.id == blog_id)).mappings().first()
    if row is None:
        raise NotFound("blog", blog_id)
    return blog_from_row(row)


def list_blogs(conn: Connection, *, include_drafts: bool) -> list[Blog]:
    query = select(blogs).order_by(blogs.c.created_at.desc(), blogs.c.id.desc())
    if not include_drafts:
        query = query.where(blogs.c.status != "draft")
    return [blog_from_row(row) for row in conn.execute(query).mappings()]


def blog_sequences(conn: Connection) -> dict[int, int]:
    """Every blog's last sequence number: a cheap check for changes made elsewhere."""
    return {row.id: row.last_seq for row in conn.execute(select(blogs.c.id, blogs.c.last_seq))}


def get_post(conn: Connection, blog_id: int, post_id: int, *, lock: bool = False) -> Post:
    query = select(posts).where(posts.c.id == post_id, posts.c.blog_id == blog_id)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).mappings().first()
    if row is None:
        raise NotFound("update", post_id)
    return post_from_row(row)


def page_of_updates(
    conn: Connection, blog_id: int, *, newest_first: bool, limit: int, cursor: str | None = None
) -> Page:
    """Published updates in time order, `limit` at a time, resuming after `cursor`."""
    order_key = tuple_(posts.c.published_at, posts.c.id)
    query = select(posts).where(
        posts.c.blog_id == blog_id, posts.c.kind == "update", posts.c.status == "published"
    )
    if cursor:
        # A plain tuple, so each value is bound with its column's type (UTCDateTime):
        # PostgreSQL then compares naive UTC with naive UTC, whatever the server's zone.
        after = decode_cursor(cursor)
        query = query.where(order_key < after if newest_first else order_key > after)
    if newest_first:
        query = query.order_by(posts.c.published_at.desc(), posts.c.id.desc())
    else:
        query = query.order_by(posts.c.published_at.asc(), posts.c.id.asc())
    rows = conn.execute(query.limit(limit + 1)).mappings().all()
    found = [post_from_row(row) for row in rows[:limit]]
    more = len(rows) > limit
    return Page(found, encode_cursor(found[-1]) if more and found else None)


def pinned_update(conn: Connection, blog_id: int) -> Post | None:
    row = (
        conn.execute(
            select(posts).where(
                # `= true`, as the partial index ix_posts_pinned is written, so it is used.
                posts.c.blog_id == blog_id,
                posts.c.pinned == true(),
                posts.c.status == "published",
            )
        )
        .mappings()
        .first()
    )
    return post_from_row(row) if row else None


def key_events(conn: Connection, blog_id: int, *, newest_first: bool) -> list[Post]:
    order = posts.c.published_at.desc() if newest_first else posts.c.published_at.asc()
    query = (
        select(posts)
        .where(
            posts.c.blog_id == blog_id,
            posts.c.status == "published",
            posts.c.key_event.is_not(None),
        )
        .order_by(order)
        .limit(50)
    )
    return [post_from_row(row) for row in conn.execute(query).mappings()]


def intro_entry(
    conn: Connection, blog_id: int, *, include_unpublished: bool = False, exclude: int = 0
) -> Post | None:
    """The published intro entry; with `include_unpublished`, a scheduled one too."""
    query = select(posts).where(
        posts.c.blog_id == blog_id, posts.c.kind == "intro", posts.c.id != exclude
    )
    if include_unpublished:
        query = query.where(posts.c.status.in_(("published", "scheduled")))
    else:
        query = query.where(posts.c.status == "published")
    row = conn.execute(query.order_by(posts.c.id).limit(1)).mappings().first()
    return post_from_row(row) if row else None


def post_revisions(conn: Connection, post_id: int) -> list[Revision]:
    query = (
        select(revisions.c.version, revisions.c.snapshot, revisions.c.actor, revisions.c.created_at)
        .where(revisions.c.post_id == post_id)
        .order_by(revisions.c.version)
    )
    return [Revision(r.version, r.snapshot, r.actor, r.created_at) for r in conn.execute(query)]
