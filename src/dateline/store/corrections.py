"""Read-side queries for corrections: a blog's declared edits, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from ..domain.corrections import KIND_LABELS
from .schema import corrections, posts


@dataclass(frozen=True)
class CorrectionEntry:
    """One declared edit of a published update, with the update's state now."""

    post_id: int
    version: int
    kind: str
    note: str
    actor: str | None
    created_at: datetime
    post_status: str
    published_at: datetime | None

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def blog_corrections(
    conn: Connection, blog_id: int, *, listed_only: bool = True, limit: int = 1000
) -> list[CorrectionEntry]:
    """The blog's corrections, newest first; minor edits only when `listed_only` is False."""
    query = (
        select(
            corrections.c.post_id,
            corrections.c.version,
            corrections.c.kind,
            corrections.c.note,
            corrections.c.actor,
            corrections.c.created_at,
            posts.c.status,
            posts.c.published_at,
        )
        .join(posts, posts.c.id == corrections.c.post_id)
        .where(corrections.c.blog_id == blog_id)
        .order_by(corrections.c.created_at.desc(), corrections.c.id.desc())
        .limit(limit)
    )
    if listed_only:
        query = query.where(corrections.c.kind != "minor")
    return [
        CorrectionEntry(
            r.post_id, r.version, r.kind, r.note, r.actor, r.created_at, r.status, r.published_at
        )
        for r in conn.execute(query)
    ]
