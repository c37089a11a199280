"""The audit log, read for admins: a blog's from its change log, the newsroom's from its own
table (tokens, sources: what no blog's log records)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, and_, insert, select
from sqlalchemy.orm import aliased

from ..domain.audit import AuditEntry, blog_action_name, claim_action_name, post_action_name
from .database import Tx
from .schema import audit_events, blogs, changes, claim_revisions, revisions

_before = aliased(revisions, name="before")


def record_event(tx: Tx, actor: str | None, action: str, subject: str) -> None:
    """Note something done outside any blog, in the caller's transaction."""
    tx.conn.execute(
        insert(audit_events).values(actor=actor, action=action, subject=subject, created_at=tx.now)
    )


def newsroom_audit(conn: Connection, after: int, *, limit: int) -> list[tuple[int, AuditEntry]]:
    """The newsroom's record after event `after`, oldest first, each with its position."""
    rows = conn.execute(
        select(audit_events)
        .where(audit_events.c.id > after)
        .order_by(audit_events.c.id)
        .limit(limit)
    ).mappings()
    return [
        (
            row["id"],
            AuditEntry(
                at=row["created_at"],
                actor=row["actor"],
                action=row["action"],
                subject=row["subject"],
            ),
        )
        for row in rows
    ]


def blog_audit(
    conn: Connection, blog_id: int, slug: str, after: int, *, limit: int
) -> list[tuple[int, AuditEntry]]:
    """Every change to a blog after sequence number `after` (the desk's drafts too), oldest
    first, named for people: read from the change log and the revisions it points to."""
    query = (
        select(
            changes.c.seq,
            changes.c.action,
            changes.c.actor,
            changes.c.created_at,
            changes.c.post_id,
            revisions.c.version,
            revisions.c.snapshot,
            _before.c.snapshot.label("before"),
            claim_revisions.c.claim_id,
            claim_revisions.c.version.label("claim_version"),
            claim_revisions.c.snapshot.label("claim"),
        )
        .outerjoin(revisions, revisions.c.id == changes.c.revision_id)
        .outerjoin(
            _before,
            and_(
                _before.c.post_id == revisions.c.post_id,
                _before.c.version == revisions.c.version - 1,
            ),
        )
        .outerjoin(claim_revisions, claim_revisions.c.id == changes.c.claim_revision_id)
        .where(changes.c.blog_id == blog_id, changes.c.seq > after)
        .order_by(changes.c.seq)
        .limit(limit)
    )
    return [(row["seq"], _entry(row, slug)) for row in conn.execute(query).mappings()]


def blog_id_of(conn: Connection, slug: str) -> int | None:
    return conn.execute(select(blogs.c.id).where(blogs.c.slug == slug)).scalar_one_or_none()


def _entry(row: Mapping[Any, Any], slug: str) -> AuditEntry:
    common: dict[str, Any] = {
        "at": row["created_at"], "actor": row["actor"], "blog": slug, "seq": row["seq"],
    }  # fmt: skip
    logged = row["action"]
    if row["snapshot"] is not None:
        after: Mapping[str, Any] = row["snapshot"]
        before = row["before"]["status"] if row["before"] is not None else None
        return AuditEntry(
            **common,
            action=post_action_name(logged, before, after["status"]),
            update_id=row["post_id"],
            version=row["version"],
            status=after["status"],
            subject=(after.get("key_event") or "") if logged == "key" else "",
        )
    if row["claim"] is not None:
        claim: Mapping[str, Any] = row["claim"]
        return AuditEntry(
            **common,
            action=claim_action_name(row["claim_version"]),
            claim_id=row["claim_id"],
            version=row["claim_version"],
            status=claim["status"],
            subject=claim["statement"],
        )
    return AuditEntry(**common, action=blog_action_name(logged, row["seq"]))
