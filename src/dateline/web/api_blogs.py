"""JSON API: blogs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ..domain.errors import NotFound
from ..domain.visibility import may_see_blog
from ..store import blog_commands, queries
from .auth import MaybeActor, Writer
from .deps import App
from .params import Slug
from .schemas import BlogCreate, BlogList, BlogOut, BlogPatch
from .views import blog_json

router = APIRouter(prefix="/api/v1/blogs", tags=["blogs"])


@router.post("", status_code=201, response_model=BlogOut)
async def create_blog(app: App, payload: BlogCreate, actor: Writer) -> dict[str, Any]:
    """Create a blog. It is live (public) at once unless `status` is `draft`."""
    blog, _ = await app.database.write(
        blog_commands.create_blog, payload.model_dump(exclude_unset=True), actor
    )
    return blog_json(blog, app.urls)


@router.get("", response_model=BlogList)
async def list_blogs(app: App, actor: MaybeActor) -> dict[str, Any]:
    """Every public blog, newest first; with a token, drafts too."""
    blogs = await app.database.read(queries.list_blogs, include_drafts=actor is not None)
    return {"items": [blog_json(b, app.urls) for b in blogs if may_see_blog(b, actor)]}


@router.get("/{slug}", response_model=BlogOut)
async def get_blog(app: App, slug: Slug, actor: MaybeActor) -> dict[str, Any]:
    blog = await app.database.read(queries.get_blog, slug)
    if not may_see_blog(blog, actor):
        raise NotFound("blog", slug)
    return blog_json(blog, app.urls)


@router.patch("/{slug}", response_model=BlogOut)
async def update_blog(app: App, slug: Slug, payload: BlogPatch, actor: Writer) -> dict[str, Any]:
    """Change settings. `{"status": "ended"}` ends the coverage: readers' pages stop listening."""
    fields = payload.model_dump(exclude_unset=True)
    version = fields.pop("version", None)
    blog, _ = await app.database.write(
        blog_commands.update_blog, slug, fields, actor, version=version
    )
    return blog_json(blog, app.urls)
