"""Forgotten blogs: coverage that ends by itself after a set time without updates.

A blog with `auto_end_hours` set is ended when neither an update was published nor
its settings were touched for that many hours, so readers are not left with a "live"
page that stopped. Off unless an editor sets it (per blog).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from ..domain.blog import Blog
from ..domain.roles import Actor, Role
from .blog_commands import update_blog
from .codec import blog_from_row
from .database import Tx
from .schema import blogs, posts

CLOCK = Actor("forgotten-blog clock", Role.EDITOR)


def end_forgotten_blogs(tx: Tx) -> list[Blog]:
    """End every live blog quiet for longer than its `auto_end_hours`; return them."""
    candidates = tx.conn.execute(
        select(blogs).where(blogs.c.status == "live", blogs.c.auto_end_hours.is_not(None))
    ).mappings()
    ended = []
    for blog in [blog_from_row(row) for row in candidates]:
        assert blog.auto_end_hours is not None
        last_update = tx.conn.execute(
            select(func.max(posts.c.published_at)).where(
                posts.c.blog_id == blog.id, posts.c.status == "published"
            )
        ).scalar()
        quiet_since = max(t for t in (last_update, blog.updated_at, blog.created_at) if t)
        if tx.now - quiet_since >= timedelta(hours=blog.auto_end_hours):
            after, _ = update_blog(tx, blog.slug, {"status": "ended"}, CLOCK)
            ended.append(after)
    return ended
