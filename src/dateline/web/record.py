"""The blog's public record: the claims it tracks and the corrections it has made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from ..domain.blog import Blog
from ..domain.errors import NotFound
from ..domain.visibility import may_see_blog
from ..store import queries
from ..store.claim_queries import dossiers
from ..store.corrections import blog_corrections
from .deps import App
from .params import Slug

if TYPE_CHECKING:
    from .app import Dateline

router = APIRouter(include_in_schema=False)


async def _public_blog(app: Dateline, slug: str) -> Blog:
    blog = await app.database.read(queries.get_blog, slug)
    if not may_see_blog(blog, None):
        raise NotFound("blog", slug)
    return blog


def _page(app: Dateline, html: str) -> HTMLResponse:
    max_age = app.settings.page_max_age
    cache = f"public, max-age={max_age}, stale-while-revalidate=30"
    return HTMLResponse(html, headers={"Cache-Control": cache})


@router.get("/{slug}/claims", response_class=HTMLResponse)
async def claims_page(app: App, slug: Slug) -> HTMLResponse:
    """Every claim readers can see in the blog, with its status history."""
    blog = await _public_blog(app, slug)
    entries = await app.database.read(dossiers, blog, None)
    return _page(app, app.renderer.template("claims_page.html", blog=blog, entries=entries))


@router.get("/{slug}/corrections", response_class=HTMLResponse)
async def corrections_page(app: App, slug: Slug) -> HTMLResponse:
    """Every listed correction of the blog's updates, newest first, with its note."""
    blog = await _public_blog(app, slug)
    entries = await app.database.read(blog_corrections, blog.id)
    return _page(app, app.renderer.template("corrections_page.html", blog=blog, entries=entries))
