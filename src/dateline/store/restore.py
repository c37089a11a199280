"""Bring a deleted update back: as it was before deletion, a new revision on the record."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from ..domain.errors import Invalid
from ..domain.reviews import restored_status
from ..domain.roles import Actor, Role, require, require_member
from .database import Tx
from .post_commands import PostOutcome, save_post
from .queries import get_blog, get_post
from .schema import revisions


def restore_post(tx: Tx, slug: str, post_id: int, actor: Actor) -> PostOutcome:
    """A deleted update returns to the page (if it was published) or to the drafts."""
    require(actor.role, Role.EDITOR, "Restoring a deleted update")
    blog = get_blog(tx.conn, slug, lock=True)
    require_member(actor, blog.id, blog.title)
    before = get_post(tx.conn, blog.id, post_id, lock=True)
    if before.status != "deleted":
        raise Invalid.one("status", "only a deleted update can be restored")
    snapshot = tx.conn.execute(
        select(revisions.c.snapshot).where(
            revisions.c.post_id == post_id, revisions.c.version == before.version - 1
        )
    ).scalar_one_or_none()
    status = restored_status((snapshot or {}).get("status"))
    after = replace(before, status=status, version=before.version + 1, updated_at=tx.now)
    return save_post(tx, blog.id, before, after, actor)
