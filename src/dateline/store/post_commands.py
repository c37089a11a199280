"""Commands on updates: write, publish, edit, delete, pin, mark key events, release scheduled.

Each saves the new state of the post, a revision, and a Change, in the caller's
transaction, and returns what it did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from ..domain import post as rules
from ..domain.changes import Change, post_action
from ..domain.claims import require_claim_ids
from ..domain.corrections import Correction
from ..domain.embeds import urls_to_capture
from ..domain.errors import Invalid
from ..domain.post import Post
from ..domain.roles import Actor, Role, check_post_write, require, require_member
from .captures import queue_captures
from .changelog import append_change
from .claim_queries import blog_claim_ids, claims_of_posts
from .codec import post_from_row, post_to_row, post_to_snapshot
from .database import Tx
from .media import with_pictures
from .queries import get_blog, get_post, intro_entry
from .schema import blogs, claim_links, corrections, posts, revisions

# Built once: statements given their values at execution are compiled once and cached.
_INSERT_POST = insert(posts).returning(posts.c.id)
_UPDATE_POST = update(posts).where(posts.c.id == bindparam("target"))
_INSERT_REVISION = insert(revisions).returning(revisions.c.id)


@dataclass(frozen=True)
class PostOutcome:
    """The post after the command, and the Changes it appended (none for a no-op)."""

    post: Post
    changes: list[Change]

    @property
    def seq(self) -> int | None:
        return self.changes[-1].seq if self.changes else None


def create_post(tx: Tx, slug: str, raw: Mapping[str, Any], actor: Actor) -> PostOutcome:
    fields = _with_pictures(tx, rules.check_post_fields(raw, creating=True))
    rules.check_post_times(fields, creating=True, now=tx.now)
    blog = get_blog(tx.conn, slug, lock=True)
    require_member(actor, blog.id, blog.title)
    draft = rules.new_post(fields, post_id=0, blog_id=blog.id, actor=actor.name, now=tx.now)
    check_post_write(actor.role, actor.name, None, draft)
    _check_single_intro(tx, blog.id, draft)
    _check_claims(tx, blog.id, None, draft)
    post_id = tx.conn.execute(_INSERT_POST, post_to_row(draft)).scalar_one()
    return _save(tx, blog.id, None, replace(draft, id=post_id), actor, inserted=True)


def edit_post(
    tx: Tx,
    slug: str,
    post_id: int,
    raw: Mapping[str, Any],
    actor: Actor,
    *,
    version: int | None = None,
) -> PostOutcome:
    """Apply an edit made from `version` (or `raw["version"]`), the version the editor loaded."""
    if version is None:
        version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise Invalid.one("version", "is required: send the version of the update you edited")
    if not isinstance(raw, rules.CheckedPost):
        raw = {k: v for k, v in raw.items() if k != "version"}
    fields = _with_pictures(tx, rules.check_post_fields(raw, creating=False))
    rules.check_post_times(fields, creating=False, now=tx.now)
    blog = get_blog(tx.conn, slug, lock=True)
    require_member(actor, blog.id, blog.title)
    before = get_post(tx.conn, blog.id, post_id, lock=True)
    after, correction = rules.revise_post(before, fields, version=version, now=tx.now)
    check_post_write(actor.role, actor.name, before, after)
    if _same_content(before, after):
        return PostOutcome(before, [])
    _check_single_intro(tx, blog.id, after)
    _check_claims(tx, blog.id, before, after)
    return _save(tx, blog.id, before, after, actor, correction=correction)


def delete_post(
    tx: Tx, slug: str, post_id: int, actor: Actor, *, version: int | None = None
) -> PostOutcome:
    blog = get_blog(tx.conn, slug, lock=True)
    require_member(actor, blog.id, blog.title)
    before = get_post(tx.conn, blog.id, post_id, lock=True)
    after = rules.delete_post(before, version=version, now=tx.now)
    check_post_write(actor.role, actor.name, before, after)
    return _save(tx, blog.id, before, after, actor)


def pin_post(tx: Tx, slug: str, post_id: int, actor: Actor, *, pinned: bool) -> PostOutcome:
    """Pin an update to the top (unpinning any other), or unpin it."""
    require(actor.role, Role.EDITOR, "Pinning an update")
    blog = get_blog(tx.conn, slug, lock=True)
    require_member(actor, blog.id, blog.title)
    before = get_post(tx.conn, blog.id, post_id, lock=True)
    if before.pinned == pinned:
        return PostOutcome(before, [])
    return _save(tx, blog.id, before, rules.set_pinned(before, pinned, now=tx.now), actor)


def mark_key_event(tx: Tx, slug: str, post_id: int, title: str | None, actor: Actor) -> PostOutcome:
    """Give an update a key-event title (listed at the top of the page), or clear it."""
    require(actor.role, Role.EDITOR, "Marking a key event")
    blog = get_blog(tx.conn, slug, lock=True)
    require_member(actor, blog.id, blog.title)
    before = get_post(tx.conn, blog.id, post_id, lock=True)
    after = rules.set_key_event(before, title, now=tx.now)
    if after.key_event == before.key_event:
        return PostOutcome(before, [])
    return _save(tx, blog.id, before, after, actor)


def release_due_posts(tx: Tx) -> list[PostOutcome]:
    """Publish every scheduled update whose time has come."""
    due = tx.conn.execute(
        select(posts.c.id, posts.c.blog_id)
        .where(posts.c.status == "scheduled", posts.c.published_at <= tx.now)
        .order_by(posts.c.published_at, posts.c.id)
    ).all()
    # Lock blogs before posts, in id order, as every other command does: no deadlocks.
    for blog_id in sorted({row.blog_id for row in due}):
        tx.conn.execute(select(blogs.c.id).where(blogs.c.id == blog_id).with_for_update())
    scheduler = Actor("scheduler", Role.EDITOR)
    outcomes = []
    for row in due:
        before = get_post(tx.conn, row.blog_id, row.id, lock=True)
        if before.status != "scheduled":
            continue  # published or unscheduled meanwhile
        after = rules.release_scheduled(before, now=tx.now)
        outcomes.append(_save(tx, before.blog_id, before, after, scheduler))
    return outcomes


def save_post(tx: Tx, blog_id: int, before: Post, after: Post, actor: Actor) -> PostOutcome:
    """Record a change a rule elsewhere made (a capture filling an embed): revision, Change."""
    return _save(tx, blog_id, before, after, actor)


def _with_pictures(tx: Tx, fields: rules.CheckedPost) -> rules.CheckedPost:
    if "blocks" not in fields:
        return fields
    return rules.CheckedPost({**fields, "blocks": with_pictures(tx.conn, fields["blocks"])})


def _save(
    tx: Tx,
    blog_id: int,
    before: Post | None,
    after: Post,
    actor: Actor,
    *,
    inserted: bool = False,
    correction: Correction | None = None,
) -> PostOutcome:
    appended: list[Change] = []
    # Embeds that wait for their snapshot are captured in the background, after commit.
    waiting = urls_to_capture(before, after)
    if waiting:
        queue_captures(tx, blog_id, after.id, waiting)
    if after.pinned and not (before and before.pinned):
        appended += _unpin_others(tx, blog_id, after.id, actor)
    if not inserted:
        tx.conn.execute(_UPDATE_POST, {**post_to_row(after), "target": after.id})
    revision = {
        "post_id": after.id,
        "version": after.version,
        "snapshot": post_to_snapshot(after),
        "actor": actor.name,
        "created_at": tx.now,
    }
    revision_id = tx.conn.execute(_INSERT_REVISION, revision).scalar_one()
    if (before.claims if before else ()) != after.claims:
        _link_claims(tx, after)
    if correction is not None:
        _record_correction(tx, blog_id, after.id, correction, actor)
    action, public = post_action(before, after)
    found = claims_of_posts(tx.conn, [after]) if after.claims else {}
    carried = tuple(found[ref.id] for ref in after.claims if ref.id in found)
    change = append_change(
        tx, blog_id, action, public, actor=actor.name, post=after, revision_id=revision_id,
        claims=carried,
    )  # fmt: skip
    appended.append(change)
    return PostOutcome(after, appended)


def _check_claims(tx: Tx, blog_id: int, before: Post | None, after: Post) -> None:
    """Claims an update carries must be its blog's (checked when they change)."""
    if after.claims and (before is None or before.claims != after.claims):
        require_claim_ids(after.claims, blog_claim_ids(tx.conn, blog_id))


def _link_claims(tx: Tx, post: Post) -> None:
    """Keep `claim_links` (which updates carry which claims) in step with the post."""
    tx.conn.execute(delete(claim_links).where(claim_links.c.post_id == post.id))
    if post.claims:
        rows = [{"post_id": post.id, "claim_id": r.id, "role": r.role} for r in post.claims]
        tx.conn.execute(insert(claim_links), rows)


def _record_correction(
    tx: Tx, blog_id: int, post_id: int, correction: Correction, actor: Actor
) -> None:
    tx.conn.execute(
        insert(corrections).values(
            blog_id=blog_id,
            post_id=post_id,
            version=correction.version,
            kind=correction.kind,
            note=correction.note,
            actor=actor.name,
            created_at=correction.at,
        )
    )


def _unpin_others(tx: Tx, blog_id: int, keep: int, actor: Actor) -> list[Change]:
    rows = tx.conn.execute(
        select(posts).where(
            posts.c.blog_id == blog_id, posts.c.pinned.is_(True), posts.c.id != keep
        )
    ).mappings()
    appended: list[Change] = []
    for row in rows.all():
        other = post_from_row(row)
        unpinned = rules.set_pinned(other, False, now=tx.now)
        appended += _save(tx, blog_id, other, unpinned, actor).changes
    return appended


def _check_single_intro(tx: Tx, blog_id: int, post: Post) -> None:
    """One intro entry on the page: a draft intro (someone's work in progress) blocks nobody."""
    if post.kind != "intro" or post.status not in ("published", "scheduled"):
        return
    existing = intro_entry(tx.conn, blog_id, include_unpublished=True, exclude=post.id)
    if existing is not None:
        raise Invalid.one(
            "kind", f"this blog already has an intro entry (update {existing.id}); edit that one"
        )


def _same_content(before: Post, after: Post) -> bool:
    """True when an edit changes nothing a reader or the record would see."""
    return replace(after, version=before.version, updated_at=before.updated_at) == before
