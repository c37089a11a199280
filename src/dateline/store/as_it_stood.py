"""Reading a blog as it stood at a past moment, from its revisions and its change log.

Every command writes a revision (of an update or a claim) and a Change stamped
with its transaction's time, so the state at any moment is, for each update and
each claim, its latest revision at or before that moment; the blog's settings
are those of its latest blog change by then. All of it is read in one snapshot.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, and_, func, select

from ..domain.as_it_stood import Moment, rebuild
from ..domain.blog import Blog
from ..domain.claims import Claim
from ..domain.post import Post
from .codec import blog_from_snapshot, claim_from_snapshot, post_from_row, post_from_snapshot
from .schema import changes, claim_revisions, claims, posts, revisions


def read_moment(conn: Connection, blog_id: int, at: datetime) -> Moment | None:
    """The blog as readers saw it at `at`, or None if it did not exist yet."""
    blog = blog_then(conn, blog_id, at)
    if blog is None:
        return None
    then = posts_then(conn, blog_id, at)
    rows = conn.execute(
        select(posts).where(posts.c.blog_id == blog_id, posts.c.created_at <= at)
    ).mappings()
    now = {row["id"]: post_from_row(row) for row in rows}
    return rebuild(at, blog, then, now, claims_then(conn, blog_id, at))


def blog_then(conn: Connection, blog_id: int, at: datetime) -> Blog | None:
    """The blog's settings after its latest blog-level change at or before `at`."""
    snapshot = conn.execute(
        select(changes.c.blog_snapshot)
        .where(
            changes.c.blog_id == blog_id,
            changes.c.action.in_(("blog", "end")),
            changes.c.created_at <= at,
        )
        .order_by(changes.c.seq.desc())
        .limit(1)
    ).scalar()
    return blog_from_snapshot(snapshot) if snapshot else None


def posts_then(conn: Connection, blog_id: int, at: datetime) -> list[Post]:
    """Every update of the blog as it stood at `at` (its latest revision by then)."""
    latest = (
        select(revisions.c.post_id, func.max(revisions.c.version).label("version"))
        .join(posts, posts.c.id == revisions.c.post_id)
        .where(posts.c.blog_id == blog_id, revisions.c.created_at <= at)
        .group_by(revisions.c.post_id)
        .subquery()
    )
    query = select(revisions.c.snapshot).join(
        latest,
        and_(revisions.c.post_id == latest.c.post_id, revisions.c.version == latest.c.version),
    )
    return [post_from_snapshot(snapshot) for snapshot in conn.execute(query).scalars()]


def claims_then(conn: Connection, blog_id: int, at: datetime) -> dict[int, Claim]:
    """Every claim of the blog as it stood at `at`, by id."""
    latest = (
        select(claim_revisions.c.claim_id, func.max(claim_revisions.c.version).label("version"))
        .join(claims, claims.c.id == claim_revisions.c.claim_id)
        .where(claims.c.blog_id == blog_id, claim_revisions.c.created_at <= at)
        .group_by(claim_revisions.c.claim_id)
        .subquery()
    )
    query = select(claim_revisions.c.snapshot).join(
        latest,
        and_(
            claim_revisions.c.claim_id == latest.c.claim_id,
            claim_revisions.c.version == latest.c.version,
        ),
    )
    found = [claim_from_snapshot(snapshot) for snapshot in conn.execute(query).scalars()]
    return {claim.id: claim for claim in found}
