"""Dateline as an oEmbed provider (https://oembed.com): paste a blog's or an update's
URL into WordPress or any consumer and it embeds the blog's live embed page."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import JSONResponse

from ..domain.blog import SLUG, is_blog_slug
from ..domain.errors import NotFound
from ..domain.visibility import may_see_blog
from ..formats.json_ld import absolute
from .deps import App
from .views import embed_snippet

router = APIRouter(include_in_schema=False)
# Our reader pages: a blog (`/storm/`) or one of its updates (`/storm/updates/12`).
_PAGE = re.compile("/(" + SLUG.pattern + r")(?:/|/updates/[0-9]{1,19}|/embed)?")
DEFAULT_WIDTH, DEFAULT_HEIGHT = 600, 800


@router.get("/oembed")
async def oembed(
    app: App,
    url: Annotated[str, Query(max_length=2000)],
    format: Annotated[str, Query(max_length=10)] = "json",
    maxwidth: Annotated[int | None, Query(ge=1, le=10000)] = None,
    maxheight: Annotated[int | None, Query(ge=1, le=10000)] = None,
) -> JSONResponse:
    if format != "json":
        raise HTTPException(501, "Only format=json is offered.")
    slug = _blog_of(app, url)
    channel = await app.hub.channel(slug)
    blog = channel.blog
    if not may_see_blog(blog, None):
        raise NotFound("blog", slug)
    site = app.distribution.site.current
    width = min(maxwidth or DEFAULT_WIDTH, DEFAULT_WIDTH)
    height = min(maxheight or DEFAULT_HEIGHT, DEFAULT_HEIGHT)
    frame = embed_snippet(blog, app.urls, width=width, height=height)
    document: dict[str, Any] = {
        "version": "1.0",
        "type": "rich",
        "title": blog.title,
        "provider_name": site.publisher_name,
        "provider_url": site.home_url or app.urls.home(absolute=True),
        "html": frame,
        "width": width,
        "height": height,
        "cache_age": 3600,
    }
    picture = absolute(app.urls, blog.cover.url if blog.cover else site.publisher_logo)
    if picture:
        document["thumbnail_url"] = picture
    return JSONResponse(document, headers={"Cache-Control": "public, max-age=300"})


def _blog_of(app: App, url: str) -> str:
    """The blog a URL on this site names; anything else is not ours to embed (404)."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    match = _PAGE.fullmatch(app.urls.route(parts.path)) if origin == app.urls.origin else None
    if match is None or not is_blog_slug(match.group(1)):
        raise NotFound("page", url[:200])
    return match.group(1)
