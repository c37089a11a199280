"""What the blog's desk lists: every update, whatever its status, newest first."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, func, select

from ..domain.post import Post
from .codec import post_from_row
from .schema import posts

DESK_LIMIT = 100


def desk_updates(
    conn: Connection,
    blog_id: int,
    *,
    statuses: Sequence[str] = ("draft", "scheduled", "published", "deleted"),
    limit: int = DESK_LIMIT,
) -> list[Post]:
    """The blog's updates (not the intro entry), newest first by their time or last save."""
    when = func.coalesce(posts.c.published_at, posts.c.updated_at)
    query = (
        select(posts)
        .where(posts.c.blog_id == blog_id, posts.c.kind == "update", posts.c.status.in_(statuses))
        .order_by(when.desc(), posts.c.id.desc())
        .limit(limit)
    )
    return [post_from_row(row) for row in conn.execute(query).mappings()]
