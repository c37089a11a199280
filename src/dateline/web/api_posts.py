"""JSON API: updates (posts), their revisions, pins and key events."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response

from ..domain.errors import NotFound
from ..store import post_commands, queries
from ..store.post_commands import PostOutcome
from .auth import MaybeActor, Writer
from .schemas import KeyEventIn, PostCreate, PostList, PostOut, PostPatch, RevisionList
from .views import post_json

router = APIRouter(prefix="/api/v1/blogs/{slug}/posts", tags=["updates"])


def _written(request: Request, slug: str, outcome: PostOutcome) -> dict[str, Any]:
    base = request.app.state.dateline.settings.public_url
    return post_json(outcome.post, slug, base, seq=outcome.seq)


@router.post("", status_code=201, response_model=PostOut)
async def create_post(
    request: Request, slug: str, payload: PostCreate, actor: Writer
) -> dict[str, Any]:
    """Write an update. Published at once unless `status` is `draft` or `scheduled`."""
    database = request.app.state.dateline.database
    outcome = await database.write(
        post_commands.create_post, slug, payload.model_dump(exclude_unset=True), actor
    )
    return _written(request, slug, outcome)


@router.get("", response_model=PostList)
async def list_posts(
    request: Request,
    slug: str,
    actor: MaybeActor,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: str | None = None,
    order: Literal["newest", "oldest"] | None = None,
) -> dict[str, Any]:
    """Published updates, a page at a time. Pass `next_cursor` back as `cursor` for the
    next page; pages stay correct while new updates arrive."""
    app = request.app.state.dateline
    blog = await app.database.read(queries.get_blog, slug)
    if blog.status == "draft" and actor is None:
        raise NotFound("blog", slug)
    newest_first = (order or blog.order) == "newest"
    page = await app.database.read(
        queries.page_of_updates, blog.id, newest_first=newest_first, limit=limit, cursor=cursor
    )
    base = app.settings.public_url
    return {
        "items": [post_json(p, slug, base) for p in page.posts],
        "next_cursor": page.next_cursor,
    }


@router.get("/{post_id}", response_model=PostOut)
async def get_post(request: Request, slug: str, post_id: int, actor: MaybeActor) -> dict[str, Any]:
    app = request.app.state.dateline
    blog = await app.database.read(queries.get_blog, slug)
    post = await app.database.read(queries.get_post, blog.id, post_id)
    if actor is None and (not post.is_public or blog.status == "draft"):
        raise NotFound("update", post_id)
    return post_json(post, slug, app.settings.public_url)


@router.patch("/{post_id}", response_model=PostOut)
async def edit_post(
    request: Request, slug: str, post_id: int, payload: PostPatch, actor: Writer
) -> dict[str, Any]:
    """Edit an update made from `version`. If someone saved in between: 409 with
    `current_version`; reload, reapply, save again."""
    database = request.app.state.dateline.database
    outcome = await database.write(
        post_commands.edit_post, slug, post_id, payload.model_dump(exclude_unset=True), actor
    )
    return _written(request, slug, outcome)


@router.delete("/{post_id}", response_model=PostOut)
async def delete_post(
    request: Request, slug: str, post_id: int, actor: Writer, version: int | None = None
) -> dict[str, Any]:
    """Delete an update: it leaves readers' pages at once; its revisions are kept."""
    database = request.app.state.dateline.database
    outcome = await database.write(post_commands.delete_post, slug, post_id, actor, version=version)
    return _written(request, slug, outcome)


@router.put("/{post_id}/pin", response_model=PostOut)
async def pin(request: Request, slug: str, post_id: int, actor: Writer) -> dict[str, Any]:
    """Pin the update at the top of the blog (the one pinned before is unpinned)."""
    database = request.app.state.dateline.database
    outcome = await database.write(post_commands.pin_post, slug, post_id, actor, pinned=True)
    return _written(request, slug, outcome)


@router.delete("/{post_id}/pin", response_model=PostOut)
async def unpin(request: Request, slug: str, post_id: int, actor: Writer) -> dict[str, Any]:
    database = request.app.state.dateline.database
    outcome = await database.write(post_commands.pin_post, slug, post_id, actor, pinned=False)
    return _written(request, slug, outcome)


@router.put("/{post_id}/key-event", response_model=PostOut)
async def mark_key_event(
    request: Request, slug: str, post_id: int, payload: KeyEventIn, actor: Writer
) -> dict[str, Any]:
    """List the update among the key events at the top of the page, under `title`."""
    database = request.app.state.dateline.database
    outcome = await database.write(
        post_commands.mark_key_event, slug, post_id, payload.title, actor
    )
    return _written(request, slug, outcome)


@router.delete("/{post_id}/key-event", response_model=PostOut)
async def clear_key_event(
    request: Request, slug: str, post_id: int, actor: Writer
) -> dict[str, Any]:
    database = request.app.state.dateline.database
    outcome = await database.write(post_commands.mark_key_event, slug, post_id, None, actor)
    return _written(request, slug, outcome)


@router.get("/{post_id}/revisions", response_model=RevisionList)
async def revisions(
    request: Request, slug: str, post_id: int, actor: Writer, response: Response
) -> dict[str, Any]:
    """Every version of the update, oldest first, with who saved it and when."""
    database = request.app.state.dateline.database
    blog = await database.read(queries.get_blog, slug)
    await database.read(queries.get_post, blog.id, post_id)  # 404 for another blog's update
    found = await database.read(queries.post_revisions, post_id)
    response.headers["Cache-Control"] = "private, no-store"
    return {
        "items": [
            {
                "version": r.version,
                "actor": r.actor,
                "created_at": r.created_at.isoformat().replace("+00:00", "Z"),
                "post": r.snapshot,
            }
            for r in found
        ]
    }
