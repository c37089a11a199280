"""Domain objects as the API's JSON."""

from __future__ import annotations

from typing import Any

from ..domain.blocks import block_to_dict
from ..domain.blog import Blog
from ..domain.post import Post
from ..domain.times import iso


def blog_json(blog: Blog, base_url: str) -> dict[str, Any]:
    return {
        "id": blog.id,
        "slug": blog.slug,
        "title": blog.title,
        "summary": blog.summary,
        "language": blog.language,
        "direction": blog.direction,
        "time_zone": blog.time_zone,
        "stamp_format": blog.stamp_format,
        "order": blog.order,
        "status": blog.status,
        "coverage_start": iso(blog.coverage_start),
        "coverage_end": iso(blog.coverage_end),
        "cover": blog.cover.__dict__ if blog.cover else None,
        "featured_links": [link.__dict__ for link in blog.featured_links],
        "last_seq": blog.last_seq,
        "version": blog.version,
        "created_at": iso(blog.created_at),
        "updated_at": iso(blog.updated_at),
        "links": {
            "page": f"{base_url}/{blog.slug}/",
            "live": f"{base_url}/{blog.slug}/live",
            "changes": f"{base_url}/api/v1/blogs/{blog.slug}/changes",
        },
    }


def post_json(post: Post, blog_slug: str, base_url: str, seq: int | None = None) -> dict[str, Any]:
    return {
        "id": post.id,
        "blog": blog_slug,
        "kind": post.kind,
        "status": post.status,
        "version": post.version,
        "published_at": iso(post.published_at),
        "pinned": post.pinned,
        "key_event": post.key_event,
        "authors": list(post.authors),
        "tags": list(post.tags),
        "blocks": [block_to_dict(b) for b in post.blocks],
        "created_by": post.created_by,
        "created_at": iso(post.created_at),
        "updated_at": iso(post.updated_at),
        "edited_at": iso(post.edited_at),
        "url": f"{base_url}/{blog_slug}/updates/{post.id}",
        "seq": seq,
    }
