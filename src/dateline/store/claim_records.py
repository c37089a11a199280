"""A blog's claims as a record: every source, claim, claim version and correction.

What export carries and import writes back. Reading takes one snapshot; the
record turns into documents (`domain/documents.py`, one spelling per shape) and
back. Writing happens in an importer's order, since updates and claims refer to
each other: `write_claims` (sources matched by name, claims and their histories
under new ids), then the importer writes the updates with the claim ids mapped,
then `relink_updates` (claims' "see 21:15" links to the new update ids),
`write_corrections` and `index_claim_links`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from ..domain.claims import Claim
from ..domain.corrections import CorrectionKind
from ..domain.documents import (
    claim_from_document,
    document,
    from_document,
    source_from_document,
)
from ..domain.sources import Source
from ..domain.times import parse_instant
from .claim_queries import ClaimRevision, blog_claims, claim_histories
from .codec import claim_to_row, claim_to_snapshot, post_from_row, source_to_row
from .database import Tx
from .schema import claim_links, claim_revisions, claims, corrections, posts, sources
from .sources import sources_by_id


@dataclass(frozen=True)
class CorrectionRow:
    """One declared edit (minor ones too), as the corrections table keeps it."""

    post_id: int
    version: int
    kind: CorrectionKind
    note: str
    actor: str | None
    created_at: datetime


@dataclass(frozen=True)
class ClaimRecord:
    sources: list[Source] = field(default_factory=list)  # the sources the claims name
    claims: list[Claim] = field(default_factory=list)
    history: list[ClaimRevision] = field(default_factory=list)  # every version, in order
    corrections: list[CorrectionRow] = field(default_factory=list)

    def to_document(self) -> dict[str, Any]:
        return {
            "sources": [document(s) for s in self.sources],
            "claims": [document(c) for c in self.claims],
            "claim_history": [document(r) for r in self.history],
            "corrections": [document(c) for c in self.corrections],
        }

    @classmethod
    def from_document(cls, data: Mapping[str, Any]) -> ClaimRecord:
        history = [
            ClaimRevision(
                claim_from_document(r["claim"]),
                r.get("actor"),
                parse_instant(r["created_at"], "created_at"),
            )
            for r in data.get("claim_history", [])
        ]
        return cls(
            sources=[source_from_document(s) for s in data.get("sources", [])],
            claims=[claim_from_document(c) for c in data.get("claims", [])],
            history=history,
            corrections=[from_document(CorrectionRow, c) for c in data.get("corrections", [])],
        )


@dataclass(frozen=True)
class IdMaps:
    """Old ids to the new ones they were written under."""

    sources: dict[int, int]
    claims: dict[int, int]


def read_claim_record(conn: Connection, blog_id: int) -> ClaimRecord:
    """Everything about a blog's claims and corrections, minor edits included."""
    found = blog_claims(conn, blog_id)
    histories = claim_histories(conn, [c.id for c in found])
    rows = conn.execute(
        select(corrections).where(corrections.c.blog_id == blog_id).order_by(corrections.c.id)
    ).mappings()
    return ClaimRecord(
        sources=list(sources_by_id(conn, (c.source_id for c in found)).values()),
        claims=found,
        history=[revision for claim in found for revision in histories[claim.id]],
        corrections=[from_document(CorrectionRow, dict(row)) for row in rows],
    )


def write_claims(tx: Tx, blog_id: int, record: ClaimRecord) -> IdMaps:
    """Write the record's sources (reusing any of the same name) and claims with their
    histories, verbatim but for ids. `status_update_id`s still name the old updates."""
    source_ids: dict[int, int] = {}
    for source in record.sources:
        existing = tx.conn.execute(select(sources.c.id).where(sources.c.name == source.name))
        found = existing.scalar()
        if found is None:
            found = tx.conn.execute(
                insert(sources).values(**source_to_row(source)).returning(sources.c.id)
            ).scalar_one()
        source_ids[source.id] = found
    claim_ids: dict[int, int] = {}

    def mapped(claim: Claim) -> Claim:
        source_id = source_ids.get(claim.source_id) if claim.source_id else None
        return replace(claim, id=claim_ids[claim.id], blog_id=blog_id, source_id=source_id)

    for claim in record.claims:
        source_id = source_ids.get(claim.source_id) if claim.source_id else None
        row = claim_to_row(replace(claim, blog_id=blog_id, source_id=source_id))
        claim_ids[claim.id] = tx.conn.execute(
            insert(claims).values(**row).returning(claims.c.id)
        ).scalar_one()
    for revision in record.history:
        then = mapped(revision.claim)
        tx.conn.execute(
            insert(claim_revisions).values(
                claim_id=then.id,
                version=then.version,
                snapshot=claim_to_snapshot(then),
                actor=revision.actor,
                created_at=revision.created_at,
            )
        )
    return IdMaps(source_ids, claim_ids)


def relink_updates(tx: Tx, claim_ids: Mapping[int, int], post_ids: Mapping[int, int]) -> None:
    """Point the written claims' "see update" links (and their histories') at new update ids."""
    for new_id in claim_ids.values():
        row = tx.conn.execute(select(claims).where(claims.c.id == new_id)).mappings().one()
        if row["status_update_id"] in post_ids:
            tx.conn.execute(
                update(claims)
                .where(claims.c.id == new_id)
                .values(status_update_id=post_ids[row["status_update_id"]])
            )
        kept = tx.conn.execute(
            select(claim_revisions.c.id, claim_revisions.c.snapshot).where(
                claim_revisions.c.claim_id == new_id
            )
        ).all()
        for revision_id, snapshot in kept:
            old = snapshot.get("status_update_id")
            if old in post_ids:
                fixed = {**snapshot, "status_update_id": post_ids[old]}
                tx.conn.execute(
                    update(claim_revisions)
                    .where(claim_revisions.c.id == revision_id)
                    .values(snapshot=fixed)
                )


def write_corrections(
    tx: Tx, blog_id: int, record: ClaimRecord, post_ids: Mapping[int, int]
) -> None:
    for row in record.corrections:
        values = asdict(replace(row, post_id=post_ids.get(row.post_id, row.post_id)))
        tx.conn.execute(insert(corrections).values(blog_id=blog_id, **values))


def index_claim_links(tx: Tx, blog_id: int) -> None:
    """Rebuild `claim_links` from the claims the blog's updates carry now."""
    blog_posts = tx.conn.execute(select(posts).where(posts.c.blog_id == blog_id)).mappings()
    found = [post_from_row(row) for row in blog_posts]
    ids = [post.id for post in found]
    if ids:
        tx.conn.execute(delete(claim_links).where(claim_links.c.post_id.in_(ids)))
    rows = [
        {"post_id": post.id, "claim_id": ref.id, "role": ref.role}
        for post in found
        for ref in post.claims
    ]
    if rows:
        tx.conn.execute(insert(claim_links), rows)
