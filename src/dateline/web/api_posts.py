"""JSON API: updates (posts), their revisions, pins and key events."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from ..domain.claims import Claim
from ..domain.errors import NotFound
from ..domain.post import CheckedPost, Post, check_post_fields
from ..domain.times import iso
from ..domain.visibility import may_see_blog, may_see_history, may_see_post
from ..store import post_commands, queries
from ..store.claim_queries import claims_of_posts
from ..store.post_commands import PostOutcome
from .auth import MaybeActor, Writer
from .deps import App
from .params import PostId, Slug, Version
from .schemas import KeyEventIn, PostCreate, PostList, PostOut, PostPatch, RevisionList
from .views import post_json

if TYPE_CHECKING:
    from .app import Dateline

router = APIRouter(prefix="/api/v1/blogs/{slug}/posts", tags=["updates"])


async def _written(app: Dateline, slug: str, outcome: PostOutcome) -> dict[str, Any]:
    if outcome.changes:
        claims = {claim.id: claim for claim in outcome.changes[-1].claims}
    else:
        claims = await _claims_of(app, [outcome.post])
    return post_json(outcome.post, slug, app.urls, seq=outcome.seq, claims=claims)


async def _claims_of(app: Dateline, found: list[Post]) -> dict[int, Claim]:
    """The claims these updates carry, as they stand (no read when they carry none)."""
    if not any(post.claims for post in found):
        return {}
    return await app.database.read(claims_of_posts, found)


async def _checked(raw: dict[str, Any], *, creating: bool) -> CheckedPost:
    """Parse and sanitise off the event loop and before the writer: the writer only writes."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, lambda: check_post_fields(raw, creating=creating))


@router.post("", status_code=201, response_model=PostOut)
async def create_post(app: App, slug: Slug, payload: PostCreate, actor: Writer) -> dict[str, Any]:
    """Write an update. Published at once unless `status` is `draft` or `scheduled`."""
    fields = await _checked(payload.model_dump(exclude_unset=True), creating=True)
    outcome = await app.database.write(post_commands.create_post, slug, fields, actor)
    return await _written(app, slug, outcome)


@router.get("", response_model=PostList)
async def list_posts(
    app: App,
    slug: Slug,
    actor: MaybeActor,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=100)] = None,
    order: Literal["newest", "oldest"] | None = None,
    kind: Annotated[
        Literal["update", "intro"] | None,
        Query(description="Only updates, or only the intro entry. Default: both."),
    ] = None,
) -> dict[str, Any]:
    """Published updates, a page at a time, with the intro entry first on the first page.
    Pass `next_cursor` back as `cursor` for the next page; pages stay correct while
    new updates arrive."""
    blog = await app.database.read(queries.get_blog, slug)
    if not may_see_blog(blog, actor):
        raise NotFound("blog", slug)
    found: list[Post] = []
    if kind != "update" and cursor is None:
        intro = await app.database.read(queries.intro_entry, blog.id)
        if intro is not None and may_see_post(intro, blog, actor):
            found.append(intro)
    next_cursor = None
    if kind != "intro":
        newest_first = (order or blog.order) == "newest"
        page = await app.database.read(
            queries.page_of_updates, blog.id, newest_first=newest_first, limit=limit, cursor=cursor
        )
        found += [p for p in page.posts if may_see_post(p, blog, actor)]
        next_cursor = page.next_cursor
    claims = await _claims_of(app, found)
    items = [post_json(p, slug, app.urls, claims=claims) for p in found]
    return {"items": items, "next_cursor": next_cursor}


@router.get("/{post_id}", response_model=PostOut)
async def get_post(app: App, slug: Slug, post_id: PostId, actor: MaybeActor) -> dict[str, Any]:
    blog = await app.database.read(queries.get_blog, slug)
    post = await app.database.read(queries.get_post, blog.id, post_id)
    if not may_see_post(post, blog, actor):
        raise NotFound("update", post_id)
    return post_json(post, slug, app.urls, claims=await _claims_of(app, [post]))


@router.patch("/{post_id}", response_model=PostOut)
async def edit_post(
    app: App, slug: Slug, post_id: PostId, payload: PostPatch, actor: Writer
) -> dict[str, Any]:
    """Edit an update made from `version`. If someone saved in between: 409 with
    `current_version`; reload, reapply, save again."""
    raw = payload.model_dump(exclude_unset=True)
    version = raw.pop("version")
    fields = await _checked(raw, creating=False)
    outcome = await app.database.write(
        post_commands.edit_post, slug, post_id, fields, actor, version=version
    )
    return await _written(app, slug, outcome)


@router.delete("/{post_id}", response_model=PostOut)
async def delete_post(
    app: App, slug: Slug, post_id: PostId, actor: Writer, version: Version = None
) -> dict[str, Any]:
    """Delete an update: it leaves readers' pages at once; its revisions are kept."""
    outcome = await app.database.write(
        post_commands.delete_post, slug, post_id, actor, version=version
    )
    return await _written(app, slug, outcome)


@router.put("/{post_id}/pin", response_model=PostOut)
async def pin(app: App, slug: Slug, post_id: PostId, actor: Writer) -> dict[str, Any]:
    """Pin the update at the top of the blog (the one pinned before is unpinned)."""
    outcome = await app.database.write(post_commands.pin_post, slug, post_id, actor, pinned=True)
    return await _written(app, slug, outcome)


@router.delete("/{post_id}/pin", response_model=PostOut)
async def unpin(app: App, slug: Slug, post_id: PostId, actor: Writer) -> dict[str, Any]:
    outcome = await app.database.write(post_commands.pin_post, slug, post_id, actor, pinned=False)
    return await _written(app, slug, outcome)


@router.put("/{post_id}/key-event", response_model=PostOut)
async def mark_key_event(
    app: App, slug: Slug, post_id: PostId, payload: KeyEventIn, actor: Writer
) -> dict[str, Any]:
    """List the update among the key events at the top of the page, under `title`."""
    outcome = await app.database.write(
        post_commands.mark_key_event, slug, post_id, payload.title, actor
    )
    return await _written(app, slug, outcome)


@router.delete("/{post_id}/key-event", response_model=PostOut)
async def clear_key_event(app: App, slug: Slug, post_id: PostId, actor: Writer) -> dict[str, Any]:
    outcome = await app.database.write(post_commands.mark_key_event, slug, post_id, None, actor)
    return await _written(app, slug, outcome)


@router.get("/{post_id}/revisions", response_model=RevisionList)
async def revisions(
    app: App, slug: Slug, post_id: PostId, actor: Writer, response: Response
) -> dict[str, Any]:
    """Every version of the update, oldest first, with who saved it and when. Editors see
    every update's history; contributors their own."""
    blog = await app.database.read(queries.get_blog, slug)
    post = await app.database.read(queries.get_post, blog.id, post_id)
    if not may_see_history(post, actor):
        raise NotFound("update", post_id)
    found = await app.database.read(queries.post_revisions, post_id)
    response.headers["Cache-Control"] = "private, no-store"
    return {
        "items": [
            {
                "version": r.version,
                "actor": r.actor,
                "created_at": iso(r.created_at),
                "post": r.snapshot,
            }
            for r in found
        ]
    }
