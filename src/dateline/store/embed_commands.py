"""Commands on embeds: a capture fills a snapshot; an editor corrects one or asks again.

Each is an edit of the update (a revision and a Change), so open pages redraw
the card live, and the record shows who changed what.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from ..domain.embeds import EMBED_TYPES, correct_embed, fill_snapshot
from ..domain.errors import Invalid, NotFound
from ..domain.post import CheckedPost, Post
from ..domain.roles import Actor, Role, require, require_member
from ..domain.snapshots import Snapshot
from . import captures
from .captures import CaptureJob
from .database import Tx
from .post_commands import PostOutcome, edit_post, save_post
from .queries import get_blog, get_post
from .schema import blogs

# Who the record names for a snapshot a capture wrote.
CAPTURE = Actor("capture", Role.EDITOR)


def apply_capture(tx: Tx, job: CaptureJob, snapshot: Snapshot) -> PostOutcome | None:
    """Write a captured snapshot into the update's embeds of the job's URL; settle the job."""
    # Lock the blog before the post, as every command does: no deadlocks.
    tx.conn.execute(select(blogs.c.id).where(blogs.c.id == job.blog_id).with_for_update())
    captures.finish(tx, job.id)
    try:
        before = get_post(tx.conn, job.blog_id, job.post_id, lock=True)
    except NotFound:
        return None  # the update is gone
    after = fill_snapshot(before, job.url, snapshot, now=tx.now)
    if after is None:
        return None  # the embed was removed, or an editor filled it meanwhile
    return save_post(tx, job.blog_id, before, after, CAPTURE)


def correct_snapshot(
    tx: Tx,
    slug: str,
    post_id: int,
    index: int,
    raw: Mapping[str, Any],
    actor: Actor,
    *,
    version: int,
) -> PostOutcome:
    """An editor fills or corrects the snapshot of the update's `index`-th block."""
    blog = get_blog(tx.conn, slug, lock=True)
    require_member(actor, blog.id, blog.title)
    before = get_post(tx.conn, blog.id, post_id, lock=True)
    blocks = list(before.blocks)
    blocks[index] = correct_embed(_embed_at(before, index), raw)
    return edit_post(tx, slug, post_id, CheckedPost(blocks=tuple(blocks)), actor, version=version)


def recapture(tx: Tx, slug: str, post_id: int, index: int, actor: Actor) -> int:
    """Capture the `index`-th block's URL again (the original changed, or failed before)."""
    require(actor.role, Role.EDITOR, "Capturing an embed again")
    blog = get_blog(tx.conn, slug, lock=True)
    require_member(actor, blog.id, blog.title)
    post = get_post(tx.conn, blog.id, post_id)
    block = _embed_at(post, index)
    return captures.requeue(tx, blog.id, post.id, str(getattr(block, "url", "")))


def _embed_at(post: Post, index: int) -> Any:
    if not 0 <= index < len(post.blocks):
        raise NotFound("block", index)
    block = post.blocks[index]
    if not isinstance(block, EMBED_TYPES):
        raise Invalid.one("index", f"block {index} is a {block.type} block, not an embed")
    return block
