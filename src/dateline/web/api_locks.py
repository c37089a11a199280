"""JSON API: soft locks on updates being edited (see edit_locks.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Response
from pydantic import BaseModel

from ..domain.times import iso
from ..store import queries
from .auth import Writer
from .deps import App
from .edit_locks import EditLock, EditLocks
from .params import PostId, Slug

if TYPE_CHECKING:
    from .app import Dateline

router = APIRouter(prefix="/api/v1/blogs/{slug}", tags=["desk"])


class LockOut(BaseModel):
    post_id: int
    holder: str
    since: str
    mine: bool


class LockList(BaseModel):
    items: list[LockOut]
    expires_after_s: float


def locks_of(app: Dateline) -> EditLocks:
    return app.edit_locks


def _json(lock: EditLock, name: str) -> dict[str, Any]:
    return {
        "post_id": lock.post_id,
        "holder": lock.holder,
        "since": iso(lock.since),
        "mine": lock.holder == name,
    }


@router.get("/locks", response_model=LockList)
async def list_locks(app: App, slug: Slug, actor: Writer, response: Response) -> dict[str, Any]:
    """Who is editing which update now."""
    locks = locks_of(app)
    blog = await app.database.read(queries.get_blog, slug)
    response.headers["Cache-Control"] = "private, no-store"
    items = [_json(lock, actor.name) for lock in await locks.of_blog(blog.id)]
    return {"items": items, "expires_after_s": locks.seconds}


@router.put("/posts/{post_id}/lock", response_model=LockOut)
async def take_lock(app: App, slug: Slug, post_id: PostId, actor: Writer) -> dict[str, Any]:
    """Say you are editing this update (again every few seconds while you are).
    If someone else is, their lock is answered (`mine`: false): it refuses nothing."""
    blog = await app.database.read(queries.get_blog, slug)
    await app.database.read(queries.get_post, blog.id, post_id)
    return _json(await locks_of(app).take(blog.id, post_id, actor.name), actor.name)


@router.delete("/posts/{post_id}/lock", status_code=204)
async def release_lock(app: App, slug: Slug, post_id: PostId, actor: Writer) -> Response:
    blog = await app.database.read(queries.get_blog, slug)
    await locks_of(app).release(blog.id, post_id, actor.name)
    return Response(status_code=204)
