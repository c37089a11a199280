"""JSON API: blogs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from ..domain.errors import NotFound
from ..store import blog_commands, queries
from .auth import MaybeActor, Writer
from .schemas import BlogCreate, BlogList, BlogOut, BlogPatch
from .views import blog_json

router = APIRouter(prefix="/api/v1/blogs", tags=["blogs"])


@router.post("", status_code=201, response_model=BlogOut)
async def create_blog(request: Request, payload: BlogCreate, actor: Writer) -> dict[str, Any]:
    """Create a blog. It is live (public) at once unless `status` is `draft`."""
    app = request.app.state.dateline
    blog, _ = await app.database.write(
        blog_commands.create_blog, payload.model_dump(exclude_unset=True), actor
    )
    return blog_json(blog, app.settings.public_url)


@router.get("", response_model=BlogList)
async def list_blogs(request: Request, actor: MaybeActor) -> dict[str, Any]:
    """Every public blog, newest first; with a token, drafts too."""
    app = request.app.state.dateline
    blogs = await app.database.read(queries.list_blogs, include_drafts=actor is not None)
    return {"items": [blog_json(b, app.settings.public_url) for b in blogs]}


@router.get("/{slug}", response_model=BlogOut)
async def get_blog(request: Request, slug: str, actor: MaybeActor) -> dict[str, Any]:
    app = request.app.state.dateline
    blog = await app.database.read(queries.get_blog, slug)
    if blog.status == "draft" and actor is None:
        raise NotFound("blog", slug)
    return blog_json(blog, app.settings.public_url)


@router.patch("/{slug}", response_model=BlogOut)
async def update_blog(
    request: Request, slug: str, payload: BlogPatch, actor: Writer
) -> dict[str, Any]:
    """Change settings. `{"status": "ended"}` ends the coverage: readers' pages stop listening."""
    app = request.app.state.dateline
    fields = payload.model_dump(exclude_unset=True)
    version = fields.pop("version", None)
    blog, _ = await app.database.write(
        blog_commands.update_blog, slug, fields, actor, version=version
    )
    return blog_json(blog, app.settings.public_url)
