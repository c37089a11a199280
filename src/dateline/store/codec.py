"""Rows and JSON snapshots to domain objects and back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..domain.blocks import block_to_dict, restore_block
from ..domain.blog import Blog, CoverImage, FeaturedLink
from ..domain.post import Post
from ..domain.times import iso


def blog_from_row(row: Mapping[Any, Any]) -> Blog:
    cover = row["cover"]
    return Blog(
        id=row["id"],
        slug=row["slug"],
        title=row["title"],
        summary=row["summary"],
        language=row["language"],
        direction=row["direction"],
        time_zone=row["time_zone"],
        stamp_format=row["stamp_format"],
        order=row["post_order"],
        status=row["status"],
        coverage_start=row["coverage_start"],
        coverage_end=row["coverage_end"],
        cover=CoverImage(**cover) if cover else None,
        featured_links=tuple(FeaturedLink(**link) for link in row["featured_links"]),
        last_seq=row["last_seq"],
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def blog_to_row(blog: Blog) -> dict[str, Any]:
    """Column values for `blog`, except `id` and `last_seq`, which the store manages."""
    return {
        "slug": blog.slug,
        "title": blog.title,
        "summary": blog.summary,
        "language": blog.language,
        "direction": blog.direction,
        "time_zone": blog.time_zone,
        "stamp_format": blog.stamp_format,
        "post_order": blog.order,
        "status": blog.status,
        "coverage_start": blog.coverage_start,
        "coverage_end": blog.coverage_end,
        "cover": _cover_json(blog.cover),
        "featured_links": [
            {"label": f.label, "title": f.title, "url": f.url} for f in blog.featured_links
        ],
        "version": blog.version,
        "created_at": blog.created_at,
        "updated_at": blog.updated_at,
    }


def blog_to_snapshot(blog: Blog) -> dict[str, Any]:
    row = blog_to_row(blog)
    row.update(id=blog.id, last_seq=blog.last_seq)
    return {k: iso(v) if isinstance(v, datetime) else v for k, v in row.items()}


def blog_from_snapshot(data: Mapping[str, Any]) -> Blog:
    return blog_from_row({k: _maybe_instant(k, v) for k, v in data.items()})


def post_from_row(row: Mapping[Any, Any]) -> Post:
    return Post(
        id=row["id"],
        blog_id=row["blog_id"],
        kind=row["kind"],
        status=row["status"],
        blocks=tuple(restore_block(b) for b in row["blocks"]),
        version=row["version"],
        authors=tuple(row["authors"]),
        published_at=row["published_at"],
        pinned=bool(row["pinned"]),
        key_event=row["key_event"],
        tags=tuple(row["tags"]),
        created_by=row["created_by"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        edited_at=row["edited_at"],
    )


def post_to_row(post: Post) -> dict[str, Any]:
    return {
        "blog_id": post.blog_id,
        "kind": post.kind,
        "status": post.status,
        "blocks": [block_to_dict(b) for b in post.blocks],
        "authors": list(post.authors),
        "tags": list(post.tags),
        "published_at": post.published_at,
        "pinned": post.pinned,
        "key_event": post.key_event,
        "version": post.version,
        "created_by": post.created_by,
        "created_at": post.created_at,
        "updated_at": post.updated_at,
        "edited_at": post.edited_at,
    }


def post_to_snapshot(post: Post) -> dict[str, Any]:
    """The JSON form kept in revisions (and returned by the API)."""
    row = post_to_row(post)
    row["id"] = post.id
    return {k: iso(v) if isinstance(v, datetime) else v for k, v in row.items()}


def post_from_snapshot(data: Mapping[str, Any]) -> Post:
    return post_from_row({k: _maybe_instant(k, v) for k, v in data.items()})


_INSTANTS = frozenset(
    {"published_at", "created_at", "updated_at", "edited_at", "coverage_start", "coverage_end"}
)


def _maybe_instant(key: str, value: Any) -> Any:
    if key in _INSTANTS and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value


def _cover_json(cover: CoverImage | None) -> dict[str, str] | None:
    if cover is None:
        return None
    return {"url": cover.url, "alt": cover.alt, "caption": cover.caption, "credit": cover.credit}
