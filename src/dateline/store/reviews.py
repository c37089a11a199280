"""Contributions on the record: submit a draft for review, send it back with a note.

Each command is one transaction that records the review and appends a desk-only
Change carrying the post, so the editors' queue (and the contributor's own view)
learns of it live, as it learns of every other change.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, insert, select

from ..domain.changes import Change
from ..domain.post import Post, expect_version
from ..domain.reviews import Review, check_return, check_submit
from ..domain.roles import Actor, require_member
from .changelog import append_change
from .database import Tx
from .queries import get_blog, get_post
from .schema import reviews, revisions


def submit_post(tx: Tx, slug: str, post_id: int, actor: Actor, *, version: int) -> Change:
    """A draft goes to the editors' queue, as it stands at `version`."""
    blog = get_blog(tx.conn, slug, lock=True)
    require_member(actor, blog.id, blog.title)
    post = get_post(tx.conn, blog.id, post_id, lock=True)
    expect_version(post, version)
    check_submit(post, actor)
    return _record(tx, blog.id, post, "submitted", "", actor)


def return_post(tx: Tx, slug: str, post_id: int, note: str, actor: Actor) -> Change:
    """An editor sends a submitted draft back to its writer, with a note they will see."""
    blog = get_blog(tx.conn, slug, lock=True)
    require_member(actor, blog.id, blog.title)
    post = get_post(tx.conn, blog.id, post_id, lock=True)
    check_return(post, latest_reviews(tx.conn, [post_id]).get(post_id), actor, note)
    return _record(tx, blog.id, post, "returned", note.strip(), actor)


def latest_reviews(conn: Connection, post_ids: Iterable[int]) -> dict[int, Review]:
    """The latest review of each of these posts that has one."""
    ids = list(post_ids)
    if not ids:
        return {}
    newest = (
        select(func.max(reviews.c.id))
        .where(reviews.c.post_id.in_(ids))
        .group_by(reviews.c.post_id)
        .scalar_subquery()
    )
    rows = conn.execute(select(reviews).where(reviews.c.id.in_(newest))).mappings()
    return {
        row["post_id"]: Review(
            post_id=row["post_id"],
            action=row["action"],
            note=row["note"],
            actor=row["actor"],
            created_at=row["created_at"],
        )
        for row in rows
    }


def _record(tx: Tx, blog_id: int, post: Post, action: str, note: str, actor: Actor) -> Change:
    tx.conn.execute(
        insert(reviews).values(
            blog_id=blog_id, post_id=post.id, action=action, note=note, actor=actor.name,
            created_at=tx.now,
        )
    )  # fmt: skip
    # The change names the post's current revision, so the desk's feed carries the post.
    revision_id = tx.conn.execute(
        select(revisions.c.id).where(
            revisions.c.post_id == post.id, revisions.c.version == post.version
        )
    ).scalar_one_or_none()
    return append_change(
        tx, blog_id, "desk", False, actor=actor.name, post=post, revision_id=revision_id
    )
