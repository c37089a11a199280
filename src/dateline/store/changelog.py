"""Appending to the change log and reading it back."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from ..domain.blog import Blog
from ..domain.changes import Action, Change
from ..domain.claims import Claim
from ..domain.post import Post
from .claim_queries import claims_by_id
from .codec import (
    blog_from_snapshot,
    blog_to_snapshot,
    claim_from_snapshot,
    post_from_row,
    post_from_snapshot,
)
from .database import Tx
from .schema import blogs, changes, claim_revisions, posts, revisions

# The blog row's UPDATE takes its lock until commit: see append_change.
_NEXT_SEQ = (
    update(blogs)
    .where(blogs.c.id == bindparam("target"))
    .values(last_seq=blogs.c.last_seq + 1)
    .returning(blogs.c.last_seq)
)
_INSERT_CHANGE = insert(changes)


def append_change(
    tx: Tx,
    blog_id: int,
    action: Action,
    public: bool,
    *,
    actor: str | None,
    post: Post | None = None,
    revision_id: int | None = None,
    blog: Blog | None = None,
    claims: tuple[Claim, ...] = (),
    claim_revision_id: int | None = None,
) -> Change:
    """Take the blog's next sequence number and record the change under it.

    The UPDATE … RETURNING locks the blog row until commit, so concurrent
    writers to one blog queue up and the sequence has no gaps; a rolled-back
    transaction gives its number back.
    """
    seq = tx.conn.execute(_NEXT_SEQ, {"target": blog_id}).scalar_one()
    if blog is not None:
        blog = replace(blog, last_seq=seq)
    row = {
        "blog_id": blog_id,
        "seq": seq,
        "action": action,
        "public": public,
        "post_id": post.id if post else None,
        "revision_id": revision_id,
        "blog_snapshot": blog_to_snapshot(blog) if blog else None,
        "claim_revision_id": claim_revision_id,
        "actor": actor,
        "created_at": tx.now,
    }
    tx.conn.execute(_INSERT_CHANGE, row)
    change = Change(
        blog_id=blog_id, seq=seq, action=action, created_at=tx.now, public=public,
        actor=actor, post=post, blog=blog, claims=claims,
    )  # fmt: skip
    tx.changes.append(change)
    return change


def changes_after(
    conn: Connection,
    blog_id: int,
    after: int,
    *,
    limit: int = 1000,
    public_only: bool = True,
    as_now: bool = False,
) -> list[Change]:
    """Changes with seq > `after`, oldest first.

    Each carries the post as it stood right after the change (the record, for the
    desk), or with `as_now` the post as it is now: what readers replay, so that
    wording an editor replaced and updates since deleted are never sent again.
    Post changes carry the claims the post carries, as they now stand; claim
    changes the claim as the change left it.
    """
    query = (
        select(changes, revisions.c.snapshot, claim_revisions.c.snapshot.label("claim_snapshot"))
        .outerjoin(revisions, revisions.c.id == changes.c.revision_id)
        .outerjoin(claim_revisions, claim_revisions.c.id == changes.c.claim_revision_id)
        .where(changes.c.blog_id == blog_id, changes.c.seq > after)
        .order_by(changes.c.seq)
        .limit(limit)
    )
    if public_only:
        query = query.where(changes.c.public.is_(True))
    found = [_change_from_row(row._mapping) for row in conn.execute(query)]
    return _with_claims(conn, _as_now(conn, found) if as_now else found)


def _as_now(conn: Connection, found: list[Change]) -> list[Change]:
    ids = {c.post.id for c in found if c.post is not None}
    if not ids:
        return found
    rows = conn.execute(select(posts).where(posts.c.id.in_(ids))).mappings()
    current = {row["id"]: post_from_row(row) for row in rows}
    return [replace(c, post=current.get(c.post.id, c.post)) if c.post else c for c in found]


def _with_claims(conn: Connection, found: list[Change]) -> list[Change]:
    """Give post changes the claims their posts carry, as those claims now stand.

    Claim changes keep the claim as the change left it: a claim's history of
    statuses is public record (the claims page lists it), so it is replayed as is.
    """
    wanted = {ref.id for c in found if c.post is not None for ref in c.post.claims}
    if not wanted:
        return found
    current = claims_by_id(conn, wanted)
    out = []
    for change in found:
        if change.post is not None:
            carried = tuple(current[r.id] for r in change.post.claims if r.id in current)
            change = replace(change, claims=carried)
        out.append(change)
    return out


def oldest_kept_seq(conn: Connection, blog_id: int) -> int:
    """The first sequence number still in the log (1 until the log is ever pruned)."""
    seq = conn.execute(select(func.min(changes.c.seq)).where(changes.c.blog_id == blog_id))
    return int(seq.scalar_one() or 1)


def _change_from_row(row: Any) -> Change:
    return Change(
        blog_id=row["blog_id"],
        seq=row["seq"],
        action=row["action"],
        created_at=row["created_at"],
        public=bool(row["public"]),
        actor=row["actor"],
        post=post_from_snapshot(row["snapshot"]) if row["snapshot"] else None,
        blog=blog_from_snapshot(row["blog_snapshot"]) if row["blog_snapshot"] else None,
        claims=(claim_from_snapshot(row["claim_snapshot"]),) if row["claim_snapshot"] else (),
    )


@dataclass(frozen=True)
class Backlog:
    """What a returning reader missed, read in one snapshot with the log's bounds."""

    changes: list[Change]
    last_seq: int  # the blog's last sequence number when this was read
    oldest_seq: int  # the first sequence number the log still keeps
    complete: bool  # False when `limit` cut it short: ask again after the last one


def backlog(conn: Connection, blog_id: int, after: int, *, limit: int = 500) -> Backlog:
    last_seq = conn.execute(select(blogs.c.last_seq).where(blogs.c.id == blog_id)).scalar_one()
    # As now: a replay never sends wording that has since been replaced or deleted.
    found = changes_after(conn, blog_id, after, limit=limit + 1, as_now=True)  # one more: more?
    return Backlog(found[:limit], last_seq, oldest_kept_seq(conn, blog_id), len(found) <= limit)
