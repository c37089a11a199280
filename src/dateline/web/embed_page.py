"""`/{slug}/embed`: the blog for other sites' frames, live, telling its parent its height.

The one page whose `frame-ancestors` is not `'self'`: each blog says which sites
may frame it (none listed: any). Every other page keeps its own policy.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from ..domain.blog import Blog, is_blog_slug
from ..domain.errors import NotFound
from ..domain.visibility import may_see_blog
from .deps import App
from .headers import content_security_policy
from .pages import read_page_view
from .params import Slug

router = APIRouter(include_in_schema=False)
EMBED_SIZE = 10


def frame_ancestors(blog: Blog) -> str:
    """Who may frame the blog's embed page: its listed origins, or any site."""
    return " ".join(("'self'", *blog.embed_origins)) if blog.embed_origins else "*"


@router.get("/{slug}/embed", response_class=HTMLResponse)
async def embed(app: App, slug: Slug) -> HTMLResponse:
    if not is_blog_slug(slug):
        raise NotFound("blog", slug)
    channel = await app.hub.channel(slug)
    blog = channel.blog
    if not may_see_blog(blog, None):
        raise NotFound("blog", slug)
    key = ("embed", slug, channel.last_seq, app.distribution.site.fingerprint)
    body = app.distribution.feeds.get(key)
    if body is None:
        view = await app.database.read(read_page_view, blog.id, size=EMBED_SIZE, cursor=None)
        blog = view.blog
        html = app.renderer.template(
            "embed.html", view=view, blog=blog, site=app.distribution.site.current
        )
        body = html.encode()
        app.distribution.feeds.put(key, body)
    policy = content_security_policy(frame_ancestors=frame_ancestors(blog))
    return HTMLResponse(
        body,
        headers={
            "Content-Security-Policy": policy,
            "Cache-Control": f"public, max-age={app.settings.page_max_age}",
            "X-Robots-Tag": "noindex",
        },
    )
