"""`/sitemap.xml` (blogs and their updates), `/sitemap-news.xml` (blogs updated in the
last two days) and `/robots.txt` pointing at both. Blogs marked noindex are left out."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse

from ..domain.visibility import may_see_blog
from ..formats.sitemaps import MEDIA_TYPE, NewsPage, Page, news_sitemap, sitemap
from ..store.feed_queries import sitemap_blogs
from ..store.queries import blog_sequences
from .conditional import conditional
from .deps import App

router = APIRouter(include_in_schema=False)
UPDATES_PER_BLOG = 5000
NEWS_WINDOW = timedelta(days=2)


async def _etag(app: App, name: str) -> str:
    sequences = await app.database.read(blog_sequences)
    state = hashlib.sha256(repr(sorted(sequences.items())).encode()).hexdigest()[:12]
    return f'W/"{name}-{state}"'


@router.get("/sitemap.xml")
async def sitemap_xml(app: App, request: Request) -> Response:
    etag = await _etag(app, "sitemap")
    found = await app.database.read(sitemap_blogs, updates_per_blog=UPDATES_PER_BLOG)
    pages: list[Page] = []
    for entry in found:
        blog = entry.blog
        if not may_see_blog(blog, None):
            continue
        modified = max((m for _, m in entry.updates), default=blog.updated_at)
        pages.append(Page(app.urls.blog(blog.slug, absolute=True), modified))
        pages += [Page(app.urls.update(blog.slug, i, absolute=True), m) for i, m in entry.updates]
    return conditional(
        request, sitemap(pages), etag=etag, modified=None, media_type=MEDIA_TYPE, max_age=300
    )


@router.get("/sitemap-news.xml")
async def news_sitemap_xml(app: App, request: Request) -> Response:
    now = app.database.clock()
    since = now - NEWS_WINDOW
    etag = await _etag(app, f"news-{now:%Y%m%d%H}")  # the window moves: so does the tag
    found = await app.database.read(sitemap_blogs, updates_per_blog=1)
    pages = [
        NewsPage(
            app.urls.blog(e.blog.slug, absolute=True), e.blog.title, e.blog.language,
            e.last_published,
        )
        for e in found
        if may_see_blog(e.blog, None) and e.last_published and e.last_published >= since
    ]  # fmt: skip
    body = news_sitemap(pages, app.distribution.site.current.publisher_name)
    return conditional(request, body, etag=etag, modified=None, media_type=MEDIA_TYPE, max_age=300)


@router.get("/robots.txt", response_class=PlainTextResponse)
async def robots(app: App) -> PlainTextResponse:
    lines = [
        "User-agent: *",
        "Disallow: /api/",
        "Disallow: /desk/",
        f"Sitemap: {app.urls.sitemap()}",
        f"Sitemap: {app.urls.sitemap('sitemap-news.xml')}",
    ]
    return PlainTextResponse(
        "\n".join(lines) + "\n", headers={"Cache-Control": "public, max-age=3600"}
    )
