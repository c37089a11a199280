"""What feeds and sitemaps read: a blog's published updates by archive page, the
updates it has taken down, and the site's newest updates across live blogs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from ..domain.blog import Blog
from ..domain.claims import Claim
from ..domain.post import Post
from .claim_queries import claims_of_posts
from .codec import blog_from_row, post_from_row
from .queries import get_blog
from .schema import blogs, changes, posts


@dataclass(frozen=True)
class Removal:
    """A published update the newsroom deleted, and when."""

    post_id: int
    at: datetime


@dataclass(frozen=True)
class FeedPage:
    """One feed document's worth of a blog: newest first, with the archive's bounds."""

    blog: Blog
    posts: list[Post]
    claims: dict[int, Claim]
    removals: list[Removal]
    archives: int  # complete archive pages (1 … archives), numbered from the oldest
    page: int | None  # the archive page this is, or None for the current document
    changed_at: datetime | None  # the blog's last public change


def _published(blog_id: int):  # type: ignore[no-untyped-def]
    return select(posts).where(posts.c.blog_id == blog_id, posts.c.status == "published")


def feed_page(conn: Connection, slug: str, *, size: int, page: int | None) -> FeedPage:
    """The newest `size` updates, or archive `page` (entries (page-1)·size … page·size-1,
    counted from the oldest, so an archive page never changes its entries)."""
    blog = get_blog(conn, slug)
    total = conn.execute(
        select(func.count()).select_from(_published(blog.id).subquery())
    ).scalar_one()
    archives = total // size if total > size else 0
    oldest_first = _published(blog.id).order_by(posts.c.published_at.asc(), posts.c.id.asc())
    if page is None:
        query = _published(blog.id).order_by(posts.c.published_at.desc(), posts.c.id.desc())
        found = [post_from_row(r) for r in conn.execute(query.limit(size)).mappings()]
        removals = removed_updates(conn, blog.id, limit=size)
    else:
        query = oldest_first.offset((page - 1) * size).limit(size)
        found = [post_from_row(r) for r in conn.execute(query).mappings()][::-1]
        removals = []
    changed_at = conn.execute(
        select(func.max(changes.c.created_at)).where(
            changes.c.blog_id == blog.id, changes.c.public.is_(True)
        )
    ).scalar_one()
    return FeedPage(blog, found, claims_of_posts(conn, found), removals, archives, page, changed_at)


def removed_updates(conn: Connection, blog_id: int, *, limit: int) -> list[Removal]:
    """Updates readers saw that were deleted since, latest first (the public `delete`s)."""
    query = (
        select(changes.c.post_id, changes.c.created_at)
        .where(
            changes.c.blog_id == blog_id,
            changes.c.action == "delete",
            changes.c.public.is_(True),
        )
        .order_by(changes.c.seq.desc())
        .limit(limit)
    )
    return [Removal(row.post_id, row.created_at) for row in conn.execute(query)]


@dataclass(frozen=True)
class SiteUpdates:
    blogs: dict[int, Blog]
    posts: list[Post]
    claims: dict[int, Claim]


def newest_across_live_blogs(conn: Connection, *, limit: int) -> SiteUpdates:
    """The newest published updates of every live blog, newest first."""
    live = {
        row["id"]: blog_from_row(row)
        for row in conn.execute(select(blogs).where(blogs.c.status == "live")).mappings()
    }
    if not live:
        return SiteUpdates({}, [], {})
    query = (
        select(posts)
        .where(posts.c.blog_id.in_(live), posts.c.status == "published")
        .order_by(posts.c.published_at.desc(), posts.c.id.desc())
        .limit(limit)
    )
    found = [post_from_row(r) for r in conn.execute(query).mappings()]
    return SiteUpdates(live, found, claims_of_posts(conn, found))


@dataclass(frozen=True)
class SitemapBlog:
    blog: Blog
    updates: list[tuple[int, datetime]]  # (post id, last modified)
    last_published: datetime | None


def sitemap_blogs(conn: Connection, *, updates_per_blog: int) -> list[SitemapBlog]:
    """Public blogs that welcome search engines, with their updates' addresses."""
    rows = conn.execute(
        select(blogs).where(blogs.c.status != "draft", blogs.c.noindex.is_(False))
    ).mappings()
    out = []
    for blog in (blog_from_row(r) for r in rows):
        query = (
            select(posts.c.id, posts.c.published_at, posts.c.edited_at)
            .where(posts.c.blog_id == blog.id, posts.c.status == "published")
            .order_by(posts.c.published_at.desc())
            .limit(updates_per_blog)
        )
        found = [(r.id, r.edited_at or r.published_at) for r in conn.execute(query)]
        latest = conn.execute(
            select(func.max(posts.c.published_at)).where(
                posts.c.blog_id == blog.id, posts.c.status == "published"
            )
        ).scalar_one()
        out.append(SitemapBlog(blog, found, latest))
    return out
