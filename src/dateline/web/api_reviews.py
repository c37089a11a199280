"""JSON API: contributions (submit for review, send back with a note) and restoring
a deleted update."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from ..domain.reviews import Review, is_waiting
from ..domain.roles import Role, at_least
from ..domain.times import iso
from ..domain.visibility import may_see_history
from ..store import queries, reviews
from ..store.desk_queries import desk_updates
from ..store.restore import restore_post
from .auth import Writer
from .deps import App
from .params import PostId, Slug
from .schemas import PostOut
from .views import post_json

router = APIRouter(prefix="/api/v1/blogs/{slug}", tags=["desk"])


class SubmitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int = Field(description="The version of the draft you submit.")


class ReturnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = Field(description="What the contributor should change: they see it.")


class ReviewOut(BaseModel):
    post_id: int
    action: str
    note: str
    actor: str
    created_at: str | None
    seq: int | None = None


class QueueOut(BaseModel):
    items: list[PostOut]  # type: ignore[valid-type]


def review_json(review: Review, seq: int | None = None) -> dict[str, Any]:
    return {
        "post_id": review.post_id,
        "action": review.action,
        "note": review.note,
        "actor": review.actor,
        "created_at": iso(review.created_at),
        "seq": seq,
    }


@router.post("/posts/{post_id}/submit", response_model=ReviewOut)
async def submit(
    app: App, slug: Slug, post_id: PostId, payload: SubmitIn, actor: Writer
) -> dict[str, Any]:
    """Submit a draft for review: it appears in the editors' queue at once."""
    change = await app.database.write(
        reviews.submit_post, slug, post_id, actor, version=payload.version
    )
    found = await app.database.read(reviews.latest_reviews, [post_id])
    return review_json(found[post_id], change.seq)


@router.post("/posts/{post_id}/return", response_model=ReviewOut)
async def send_back(
    app: App, slug: Slug, post_id: PostId, payload: ReturnIn, actor: Writer
) -> dict[str, Any]:
    """Send a submitted draft back to its writer with a note (editors)."""
    change = await app.database.write(reviews.return_post, slug, post_id, payload.note, actor)
    found = await app.database.read(reviews.latest_reviews, [post_id])
    return review_json(found[post_id], change.seq)


@router.get("/posts/{post_id}/review", response_model=ReviewOut | None)
async def latest_review(app: App, slug: Slug, post_id: PostId, actor: Writer) -> Any:
    """The latest word on a draft: submitted, or returned with a note; null if none."""
    blog = await app.database.read(queries.get_blog, slug)
    post = await app.database.read(queries.get_post, blog.id, post_id)
    if not may_see_history(post, actor):
        return None
    found = await app.database.read(reviews.latest_reviews, [post_id])
    return review_json(found[post_id]) if post_id in found else None


@router.get("/queue", response_model=QueueOut)
async def queue(app: App, slug: Slug, actor: Writer, response: Response) -> dict[str, Any]:
    """Drafts waiting for review, oldest first (editors see all; contributors their own)."""
    blog = await app.database.read(queries.get_blog, slug)
    posts = await app.database.read(desk_updates, blog.id, statuses=("draft",))
    latest = await app.database.read(reviews.latest_reviews, [p.id for p in posts])
    editor = at_least(actor.role, Role.EDITOR)
    waiting = [
        p
        for p in posts
        if is_waiting(p, latest.get(p.id)) and (editor or p.created_by == actor.name)
    ]
    response.headers["Cache-Control"] = "private, no-store"
    return {"items": [post_json(p, slug, app.urls) for p in reversed(waiting)]}


@router.post("/posts/{post_id}/restore", response_model=PostOut)
async def restore(app: App, slug: Slug, post_id: PostId, actor: Writer) -> dict[str, Any]:
    """Bring a deleted update back: to the page if it was published, else to the drafts."""
    outcome = await app.database.write(restore_post, slug, post_id, actor)
    return post_json(outcome.post, slug, app.urls, seq=outcome.seq)
