"""A blog's whole record, read in one snapshot and written back in one transaction.

What `dateline export --format json` carries and the import of such an export
writes: the blog, every post as it is now and every revision of it, the change
log, the claims with their histories and sources, the corrections (minor ones
too) and the pictures the blocks name. Written into a database where the ids
are free, everything keeps its id (so an update's permalink survives and
export → import → export gives the same bytes); where they are taken, the blog
is written under new ids and every reference follows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text

from ..domain.blog import Blog
from ..domain.claims import Claim
from ..domain.media import MediaItem
from ..domain.post import Post
from ..domain.sources import Source
from .claim_queries import ClaimRevision
from .claim_records import ClaimRecord, CorrectionRow, index_claim_links, read_claim_record
from .codec import (
    blog_to_row,
    claim_to_row,
    claim_to_snapshot,
    post_from_row,
    post_to_row,
    source_to_row,
)
from .database import Tx
from .media import find_media, media_to_row
from .queries import get_blog
from .schema import (
    blogs,
    changes,
    claim_revisions,
    claims,
    corrections,
    media,
    posts,
    revisions,
    sources,
)


@dataclass(frozen=True)
class RevisionRow:
    post_id: int
    version: int
    snapshot: dict[str, Any]
    actor: str | None
    created_at: datetime


@dataclass(frozen=True)
class ChangeRow:
    """One entry of the change log; it names revisions by post (or claim) and version."""

    seq: int
    action: str
    public: bool
    post_id: int | None
    post_version: int | None
    claim_id: int | None
    claim_version: int | None
    blog_snapshot: dict[str, Any] | None
    actor: str | None
    created_at: datetime


@dataclass(frozen=True)
class BlogRecord:
    blog: Blog
    posts: list[Post]
    revisions: list[RevisionRow]
    changes: list[ChangeRow]
    claims: ClaimRecord
    media: list[MediaItem]


def read_blog_record(conn: Connection, slug: str) -> BlogRecord:
    """Everything about one blog; call it inside one read transaction."""
    blog = get_blog(conn, slug)
    rows = conn.execute(select(posts).where(posts.c.blog_id == blog.id).order_by(posts.c.id))
    found = [post_from_row(row) for row in rows.mappings()]
    ids = [p.id for p in found]
    kept = conn.execute(
        select(revisions)
        .where(revisions.c.post_id.in_(ids))
        .order_by(revisions.c.post_id, revisions.c.version)
    ).mappings()
    history = [
        RevisionRow(r["post_id"], r["version"], r["snapshot"], r["actor"], r["created_at"])
        for r in kept
    ]
    log = conn.execute(
        select(
            changes,
            revisions.c.version.label("post_version"),
            claim_revisions.c.claim_id,
            claim_revisions.c.version.label("claim_version"),
        )
        .outerjoin(revisions, revisions.c.id == changes.c.revision_id)
        .outerjoin(claim_revisions, claim_revisions.c.id == changes.c.claim_revision_id)
        .where(changes.c.blog_id == blog.id)
        .order_by(changes.c.seq)
    ).mappings()
    entries = [
        ChangeRow(
            r["seq"],
            r["action"],
            bool(r["public"]),
            r["post_id"],
            r["post_version"],
            r["claim_id"],
            r["claim_version"],
            r["blog_snapshot"],
            r["actor"],
            r["created_at"],
        )
        for r in log
    ]
    wanted = sorted({m for post in found for m in _media_ids(post)})
    pictures = find_media(conn, wanted)
    return BlogRecord(
        blog=blog,
        posts=found,
        revisions=history,
        changes=entries,
        claims=read_claim_record(conn, blog.id),
        media=[pictures[m] for m in wanted if m in pictures],
    )


def _media_ids(post: Post) -> set[str]:
    out = set()
    for block in post.blocks:
        if getattr(block, "media_id", ""):
            out.add(block.media_id)  # type: ignore[attr-defined]
        for item in getattr(block, "media", ()):
            if item.media_id:
                out.add(item.media_id)
    return out


def blog_exists(conn: Connection, slug: str) -> bool:
    return conn.execute(select(blogs.c.id).where(blogs.c.slug == slug)).first() is not None


class _Ids:
    """Old ids to new: the same ids when all are free, fresh ones otherwise."""

    def __init__(self, tx: Tx, record: BlogRecord) -> None:
        conn = tx.conn
        self.keep = (
            _free(conn, blogs, [record.blog.id])
            and _free(conn, posts, [p.id for p in record.posts])
            and _free(conn, claims, [c.id for c in record.claims.claims])
        )
        self.blog = record.blog.id
        self.posts: dict[int, int] = {}
        self.claims: dict[int, int] = {}
        self.sources: dict[int, int] = {}

    def post(self, old: int | None) -> int | None:
        return None if old is None else self.posts.get(old, old)

    def claim(self, old: int | None) -> int | None:
        return None if old is None else self.claims.get(old, old)

    def source(self, old: int | None) -> int | None:
        return None if old is None else self.sources.get(old)

    def post_document(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out = {**data, "id": self.post(data["id"]), "blog_id": self.blog}
        out["claims"] = [{**ref, "id": self.claim(ref["id"])} for ref in data.get("claims", [])]
        return out

    def claim_of(self, claim: Claim) -> Claim:
        return replace(
            claim,
            id=self.claim(claim.id) or claim.id,
            blog_id=self.blog,
            source_id=self.source(claim.source_id),
            status_update_id=self.post(claim.status_update_id),
        )


def write_blog_record(
    tx: Tx, record: BlogRecord, slug: str, *, progress: Callable[[int], None] | None = None
) -> Blog:
    """Write a whole blog under `slug` (which must be free), in the caller's transaction."""
    ids = _Ids(tx, record)
    conn = tx.conn
    blog = replace(record.blog, slug=slug)
    values = {**blog_to_row(blog), "last_seq": blog.last_seq}
    if ids.keep:
        values["id"] = blog.id
    ids.blog = conn.execute(insert(blogs).values(**values).returning(blogs.c.id)).scalar_one()
    for item in record.media:
        if not conn.execute(select(media.c.id).where(media.c.id == item.id)).first():
            conn.execute(insert(media).values(**media_to_row(item)))
    _write_sources(tx, record.claims.sources, ids)
    for claim in record.claims.claims:
        row = claim_to_row(replace(claim, blog_id=ids.blog, source_id=ids.source(claim.source_id)))
        if ids.keep:
            row["id"] = claim.id
        new = conn.execute(insert(claims).values(**row).returning(claims.c.id)).scalar_one()
        ids.claims[claim.id] = new
    for done, post in enumerate(record.posts, start=1):
        row = post_to_row(replace(post, blog_id=ids.blog))
        row["claims"] = ids.post_document({"id": 0, "claims": row["claims"]})["claims"]
        if ids.keep:
            row["id"] = post.id
        ids.posts[post.id] = conn.execute(
            insert(posts).values(**row).returning(posts.c.id)
        ).scalar_one()
        if progress:
            progress(done)
    # Claims point at updates ("see 21:15"): now that the updates have ids, point them.
    for claim in record.claims.claims:
        new = ids.claim_of(claim)
        conn.execute(claims.update().where(claims.c.id == new.id).values(**claim_to_row(new)))
    revision_ids = _write_revisions(tx, record, ids)
    claim_revision_ids = _write_claim_history(tx, record.claims.history, ids)
    for entry in record.changes:
        snapshot = entry.blog_snapshot
        if snapshot is not None:
            snapshot = {**snapshot, "id": ids.blog, "slug": slug}
        conn.execute(
            insert(changes).values(
                blog_id=ids.blog,
                seq=entry.seq,
                action=entry.action,
                public=entry.public,
                post_id=ids.post(entry.post_id),
                revision_id=revision_ids.get((entry.post_id, entry.post_version)),
                blog_snapshot=snapshot,
                claim_revision_id=claim_revision_ids.get((entry.claim_id, entry.claim_version)),
                actor=entry.actor,
                created_at=entry.created_at,
            )
        )
    _write_corrections(tx, record.claims.corrections, ids)
    index_claim_links(tx, ids.blog)
    if ids.keep and conn.dialect.name != "sqlite":
        for table in (blogs, posts, claims, sources):
            _advance_sequence(conn, table)
    return replace(blog, id=ids.blog)


def _write_sources(tx: Tx, found: list[Source], ids: _Ids) -> None:
    """Sources are the newsroom's, shared by blogs: one of the same name is reused."""
    for source in found:
        same = tx.conn.execute(select(sources.c.id).where(sources.c.name == source.name))
        existing = same.scalar()
        if existing is None:
            row = source_to_row(source)
            if ids.keep and _free(tx.conn, sources, [source.id]):
                row["id"] = source.id
            existing = tx.conn.execute(
                insert(sources).values(**row).returning(sources.c.id)
            ).scalar_one()
        ids.sources[source.id] = existing


def _write_revisions(tx: Tx, record: BlogRecord, ids: _Ids) -> dict[tuple[Any, Any], int]:
    out: dict[tuple[Any, Any], int] = {}
    for revision in record.revisions:
        new = tx.conn.execute(
            insert(revisions)
            .values(
                post_id=ids.post(revision.post_id),
                version=revision.version,
                snapshot=ids.post_document(revision.snapshot),
                actor=revision.actor,
                created_at=revision.created_at,
            )
            .returning(revisions.c.id)
        ).scalar_one()
        out[(revision.post_id, revision.version)] = new
    return out


def _write_claim_history(
    tx: Tx, history: list[ClaimRevision], ids: _Ids
) -> dict[tuple[Any, Any], int]:
    out: dict[tuple[Any, Any], int] = {}
    for revision in history:
        then = ids.claim_of(revision.claim)
        new = tx.conn.execute(
            insert(claim_revisions)
            .values(
                claim_id=then.id,
                version=then.version,
                snapshot=claim_to_snapshot(then),
                actor=revision.actor,
                created_at=revision.created_at,
            )
            .returning(claim_revisions.c.id)
        ).scalar_one()
        out[(revision.claim.id, revision.claim.version)] = new
    return out


def _write_corrections(tx: Tx, found: list[CorrectionRow], ids: _Ids) -> None:
    for row in found:
        tx.conn.execute(
            insert(corrections).values(
                blog_id=ids.blog,
                post_id=ids.post(row.post_id),
                version=row.version,
                kind=row.kind,
                note=row.note,
                actor=row.actor,
                created_at=row.created_at,
            )
        )


def _free(conn: Connection, table: Table, wanted: list[int]) -> bool:
    if not wanted:
        return True
    taken = conn.execute(select(func.count()).where(table.c.id.in_(wanted))).scalar_one()
    return int(taken) == 0


def _advance_sequence(conn: Connection, table: Table) -> None:
    """After rows were written with their own ids, PostgreSQL's counter must pass them."""
    conn.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608 (our table names)
            f"GREATEST((SELECT MAX(id) FROM {table.name}), 1))"
        )
    )
