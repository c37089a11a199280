"""Read-side queries for claims: one, many, a blog's, their histories and their updates."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from ..domain.blog import Blog
from ..domain.claims import RESOLVED, ROLE_PHRASES, Claim
from ..domain.errors import NotFound
from ..domain.post import Post
from ..domain.roles import Actor
from ..domain.sources import Source
from ..domain.visibility import may_see_claim
from .codec import claim_from_row, claim_from_snapshot
from .schema import claim_links, claim_revisions, claims, posts
from .sources import sources_by_id


@dataclass(frozen=True)
class ClaimLink:
    """An update that carries a claim, and what it does with it."""

    claim_id: int
    post_id: int
    role: str
    status: str  # the update's status (readers see published ones only)
    published_at: datetime | None

    @property
    def role_phrase(self) -> str:
        return ROLE_PHRASES[self.role]


def get_claim(conn: Connection, blog_id: int, claim_id: int, *, lock: bool = False) -> Claim:
    query = select(claims).where(claims.c.id == claim_id, claims.c.blog_id == blog_id)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).mappings().first()
    if row is None:
        raise NotFound("claim", claim_id)
    return claim_from_row(row)


def claims_by_id(conn: Connection, ids: Iterable[int]) -> dict[int, Claim]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = conn.execute(select(claims).where(claims.c.id.in_(wanted))).mappings()
    return {row["id"]: claim_from_row(row) for row in rows}


def claims_of_posts(conn: Connection, found: Iterable[Post | None]) -> dict[int, Claim]:
    """The claims the given updates carry, as they now stand, by id."""
    return claims_by_id(conn, (ref.id for post in found if post for ref in post.claims))


def blog_claims(conn: Connection, blog_id: int) -> list[Claim]:
    """Every claim of a blog, oldest first."""
    query = select(claims).where(claims.c.blog_id == blog_id).order_by(claims.c.id)
    return [claim_from_row(row) for row in conn.execute(query).mappings()]


def blog_claim_ids(conn: Connection, blog_id: int) -> set[int]:
    query = select(claims.c.id).where(claims.c.blog_id == blog_id)
    return set(conn.execute(query).scalars())


def carried_claim_ids(conn: Connection, blog_id: int) -> set[int]:
    """The claims of a blog that a published update carries now: the public ones."""
    query = (
        select(claim_links.c.claim_id)
        .join(posts, posts.c.id == claim_links.c.post_id)
        .where(posts.c.blog_id == blog_id, posts.c.status == "published")
        .distinct()
    )
    return set(conn.execute(query).scalars())


def is_carried(conn: Connection, claim_id: int) -> bool:
    """Does a published update carry this claim now?"""
    query = (
        select(claim_links.c.post_id)
        .join(posts, posts.c.id == claim_links.c.post_id)
        .where(claim_links.c.claim_id == claim_id, posts.c.status == "published")
        .limit(1)
    )
    return conn.execute(query).first() is not None


def claim_links_of(conn: Connection, claim_ids: Iterable[int]) -> dict[int, list[ClaimLink]]:
    """The updates carrying each claim, in time order, whatever their status."""
    wanted = sorted(set(claim_ids))
    out: dict[int, list[ClaimLink]] = {claim_id: [] for claim_id in wanted}
    if not wanted:
        return out
    query = (
        select(
            claim_links.c.claim_id,
            claim_links.c.post_id,
            claim_links.c.role,
            posts.c.status,
            posts.c.published_at,
        )
        .join(posts, posts.c.id == claim_links.c.post_id)
        .where(claim_links.c.claim_id.in_(wanted))
        .order_by(posts.c.published_at, posts.c.id)
    )
    for row in conn.execute(query):
        out[row.claim_id].append(
            ClaimLink(row.claim_id, row.post_id, row.role, row.status, row.published_at)
        )
    return out


@dataclass(frozen=True)
class ClaimRevision:
    """One version of a claim: the claim as it stood, who saved it and when."""

    claim: Claim
    actor: str | None
    created_at: datetime


def claim_histories(conn: Connection, claim_ids: Iterable[int]) -> dict[int, list[ClaimRevision]]:
    """Every version of each claim, oldest first: its status history with notes."""
    wanted = sorted(set(claim_ids))
    out: dict[int, list[ClaimRevision]] = {claim_id: [] for claim_id in wanted}
    if not wanted:
        return out
    query = (
        select(claim_revisions)
        .where(claim_revisions.c.claim_id.in_(wanted))
        .order_by(claim_revisions.c.claim_id, claim_revisions.c.version)
    )
    for row in conn.execute(query):
        claim = claim_from_snapshot(row.snapshot)
        out[row.claim_id].append(ClaimRevision(claim, row.actor, row.created_at))
    return out


@dataclass(frozen=True)
class Dossier:
    """Everything known about a claim: who makes it, the updates carrying it, its history."""

    claim: Claim
    source: Source | None
    updates: list[ClaimLink]
    history: list[ClaimRevision]


def dossiers(
    conn: Connection, blog: Blog, actor: Actor | None, *, only: int | None = None
) -> list[Dossier]:
    """The blog's claims this actor may see (or just claim `only`), oldest first.

    Readers see a claim once a published update carries it, and only the published
    updates among those carrying it; the desk sees everything.
    """
    found = [get_claim(conn, blog.id, only)] if only is not None else blog_claims(conn, blog.id)
    carried = carried_claim_ids(conn, blog.id)
    found = [c for c in found if may_see_claim(blog, actor, carried=c.id in carried)]
    ids = [c.id for c in found]
    links = claim_links_of(conn, ids)
    histories = claim_histories(conn, ids)
    sources = sources_by_id(conn, (c.source_id for c in found))
    return [
        Dossier(
            claim,
            sources.get(claim.source_id) if claim.source_id else None,
            [u for u in links[claim.id] if actor is not None or u.status == "published"],
            histories[claim.id],
        )
        for claim in found
    ]


def settled_claims(conn: Connection, blog: Blog) -> list[Dossier]:
    """The claims readers see that the newsroom has resolved (confirmed or false)."""
    if not any(c.status in RESOLVED for c in blog_claims(conn, blog.id)):
        return []  # the common case: no claim settled, no further reads
    return [d for d in dossiers(conn, blog, None) if d.claim.status in RESOLVED]
