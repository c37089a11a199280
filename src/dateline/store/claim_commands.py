"""Commands on claims: record one, change its status (or wording).

Each is one transaction: the claim's new state, a claim revision (its history),
and a `claim` Change in the blog's log. The change is public when a published
update carries the claim, so every open page updates its badges.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from ..domain import claims as rules
from ..domain.blog import Blog
from ..domain.changes import Change, claim_change_public
from ..domain.claims import Claim
from ..domain.errors import Invalid
from ..domain.roles import Actor, Role, require, require_member
from .changelog import append_change
from .claim_queries import get_claim, is_carried
from .codec import claim_to_row, claim_to_snapshot
from .database import Tx
from .queries import get_blog
from .schema import claim_revisions, claims, posts, sources


@dataclass(frozen=True)
class ClaimOutcome:
    """The claim after the command, and the Changes it appended (none for a no-op)."""

    claim: Claim
    changes: list[Change]

    @property
    def seq(self) -> int | None:
        return self.changes[-1].seq if self.changes else None


def create_claim(tx: Tx, slug: str, raw: Mapping[str, Any], actor: Actor) -> ClaimOutcome:
    """Record a claim in a blog. Anyone on the desk may; settling it is an editor's call."""
    fields = rules.check_claim_fields(raw, creating=True)
    if fields.get("status", "unverified") != "unverified" or fields.get("post_id"):
        require(actor.role, Role.EDITOR, "Recording a claim as already checked")
    blog = get_blog(tx.conn, slug, lock=True)
    require_member(actor, blog.id, blog.title)
    _check_source(tx, fields.get("source_id"))
    update_at = _reporting_update(tx, blog.id, fields.get("post_id"))
    claim = rules.new_claim(
        fields, claim_id=0, blog_id=blog.id, actor=actor.name, now=tx.now, update_at=update_at
    )
    claim_id = tx.conn.execute(
        insert(claims).values(**claim_to_row(claim)).returning(claims.c.id)
    ).scalar_one()
    return _save(tx, blog, replace(claim, id=claim_id), actor, carried=False)


def change_claim(
    tx: Tx,
    slug: str,
    claim_id: int,
    raw: Mapping[str, Any],
    actor: Actor,
    *,
    version: int | None = None,
) -> ClaimOutcome:
    """Change a claim's status, note or wording, from the `version` the editor loaded."""
    require(actor.role, Role.EDITOR, "Changing a claim")
    if version is None:
        version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise Invalid.one("version", "is required: send the version of the claim you changed")
    fields = rules.check_claim_fields(
        {k: v for k, v in raw.items() if k != "version"}, creating=False
    )
    blog = get_blog(tx.conn, slug, lock=True)
    require_member(actor, blog.id, blog.title)
    before = get_claim(tx.conn, blog.id, claim_id, lock=True)
    _check_source(tx, fields.get("source_id"))
    update_at = _reporting_update(tx, blog.id, fields.get("post_id"))
    after = rules.change_claim(
        before, fields, version=version, actor=actor.name, now=tx.now, update_at=update_at
    )
    if after is before:
        return ClaimOutcome(before, [])
    row = claim_to_row(after)
    tx.conn.execute(update(claims).where(claims.c.id == claim_id).values(**row))
    return _save(tx, blog, after, actor, carried=is_carried(tx.conn, claim_id))


def _save(tx: Tx, blog: Blog, claim: Claim, actor: Actor, *, carried: bool) -> ClaimOutcome:
    revision = {
        "claim_id": claim.id,
        "version": claim.version,
        "snapshot": claim_to_snapshot(claim),
        "actor": actor.name,
        "created_at": tx.now,
    }
    revision_id = tx.conn.execute(
        insert(claim_revisions).values(**revision).returning(claim_revisions.c.id)
    ).scalar_one()
    change = append_change(
        tx,
        blog.id,
        "claim",
        claim_change_public(blog, carried),
        actor=actor.name,
        claims=(claim,),
        claim_revision_id=revision_id,
    )
    return ClaimOutcome(claim, [change])


def _check_source(tx: Tx, source_id: int | None) -> None:
    if source_id is None:
        return
    if tx.conn.execute(select(sources.c.id).where(sources.c.id == source_id)).first() is None:
        raise Invalid.one("source_id", f"there is no source {source_id}; add it to sources first")


def _reporting_update(tx: Tx, blog_id: int, post_id: int | None) -> datetime | None:
    """The published time of the update that reports a status change (it must be public)."""
    if post_id is None:
        return None
    row = tx.conn.execute(
        select(posts.c.status, posts.c.published_at, posts.c.kind).where(
            posts.c.id == post_id, posts.c.blog_id == blog_id
        )
    ).first()
    if row is None:
        raise Invalid.one("post_id", f"there is no update {post_id} in this blog")
    if row.status != "published" or row.kind != "update":
        raise Invalid.one(
            "post_id", "must be a published update: readers follow the badge's link to it"
        )
    published_at: datetime = row.published_at
    return published_at
