"""Commands on blogs: create, edit settings, end coverage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import insert, select, update

from ..domain.blog import Blog, apply_blog_fields, check_blog_fields
from ..domain.changes import Change, blog_action
from ..domain.errors import Conflict, Invalid
from ..domain.roles import Actor, Role, require, require_member
from .changelog import append_change
from .codec import blog_to_row
from .database import Tx
from .members import join_by_name
from .queries import get_blog
from .schema import blogs


def create_blog(tx: Tx, raw: Mapping[str, Any], actor: Actor) -> tuple[Blog, Change]:
    """Create a blog; it starts live unless `status` says otherwise."""
    require(actor.role, Role.EDITOR, "Creating a blog")
    fields = check_blog_fields(raw, creating=True)
    taken = tx.conn.execute(select(blogs.c.id).where(blogs.c.slug == fields["slug"])).first()
    if taken:
        raise Invalid.one("slug", f"{fields['slug']!r} is already taken by another blog")
    fields.setdefault("status", "live")
    if fields["status"] == "live":
        fields.setdefault("coverage_start", tx.now)
    blog = Blog(id=0, created_at=tx.now, updated_at=tx.now, **fields)
    blog_id = tx.conn.execute(
        insert(blogs).values(**blog_to_row(blog), last_seq=0).returning(blogs.c.id)
    ).scalar_one()
    blog = replace(blog, id=blog_id)
    join_by_name(tx, blog_id, actor.name, actor.name)  # who creates a blog works on it
    action, public = blog_action(None, blog)
    change = append_change(tx, blog_id, action, public, actor=actor.name, blog=blog)
    assert change.blog is not None
    return change.blog, change


def update_blog(
    tx: Tx, slug: str, raw: Mapping[str, Any], actor: Actor, *, version: int | None = None
) -> tuple[Blog, Change | None]:
    """Change a blog's settings; `version`, when given, must be the current one."""
    require(actor.role, Role.EDITOR, "Changing a blog's settings")
    before = get_blog(tx.conn, slug, lock=True)
    require_member(actor, before.id, before.title)
    if version is not None and version != before.version:
        raise Conflict(
            before.version,
            f"The blog's settings changed since you loaded them; they are now at version "
            f"{before.version}. Reload and apply your change again.",
        )
    fields = check_blog_fields(raw, creating=False)
    if "slug" in fields and fields["slug"] != before.slug:
        raise Invalid.one("slug", "a blog's address cannot change once it exists")
    fields = {k: v for k, v in fields.items() if getattr(before, k) != v}
    if not fields:
        return before, None
    after = apply_blog_fields(before, fields, tx.now)
    row = blog_to_row(after)
    tx.conn.execute(update(blogs).where(blogs.c.id == before.id).values(**row))
    action, public = blog_action(before, after)
    change = append_change(tx, before.id, action, public, actor=actor.name, blog=after)
    assert change.blog is not None
    return change.blog, change


def end_coverage(tx: Tx, slug: str, actor: Actor) -> tuple[Blog, Change | None]:
    """Mark the blog ended: readers' pages say so and stop listening."""
    return update_blog(tx, slug, {"status": "ended"}, actor)
