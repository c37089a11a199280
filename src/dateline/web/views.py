"""Domain objects as the API's JSON: the domain's documents plus their addresses."""

from __future__ import annotations

from typing import Any

from ..domain.blog import Blog
from ..domain.documents import document
from ..domain.post import Post
from ..urls import Urls


def blog_json(blog: Blog, urls: Urls) -> dict[str, Any]:
    return {
        **document(blog),
        "links": {
            "page": urls.blog(blog.slug, absolute=True),
            "live": urls.live(blog.slug, absolute=True),
            "changes": urls.changes(blog.slug, absolute=True),
        },
    }


def post_json(post: Post, blog_slug: str, urls: Urls, seq: int | None = None) -> dict[str, Any]:
    return {
        **document(post),
        "blog": blog_slug,
        "url": urls.update(blog_slug, post.id, absolute=True),
        "seq": seq,
    }
