"""Reader-facing HTML: the blog page (a raw ASGI path, for speed), single-update
pages, the index of blogs, and the health check."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import Scope, Send

from ..domain.blog import is_blog_slug
from ..domain.errors import Invalid, NotFound
from ..domain.visibility import may_see_blog, may_see_post
from ..store import queries
from ..store.claim_queries import claims_of_posts
from ..store.cursors import cursor_starting_at, decode_cursor
from .connections import QuickAnswer
from .deps import App
from .errors import Gone, html_error
from .http import etag_matches, preferred_coding
from .pages import RenderedPage
from .params import PostId

if TYPE_CHECKING:
    from .app import Dateline

router = APIRouter(include_in_schema=False)


async def blog_page(app: Dateline, slug: str, scope: Scope, send: Send) -> None:
    """GET /{slug}/ — bytes from the page cache, 304 when the reader's copy is current.

    The hottest path there is: a cache hit looks two headers up and sends answers
    made when the page was rendered (see pages.py), building nothing per request.
    """
    query = scope["query_string"]
    cursor = parse_qs(query.decode("latin-1")).get("cursor", [None])[-1] if query else None
    try:
        if cursor is not None:
            decode_cursor(cursor)  # only canonical cursors reach (and key) the page cache
        page = await app.pages.blog_page(slug, cursor)
        if not may_see_blog(page.blog, None):
            raise NotFound("blog", slug)
    except (NotFound, Invalid) as error:
        await _send_response(send, html_error(app.renderer, error), app.page_headers)
        return
    coding = answer_for(page, scope["headers"])
    if coding is None:
        await send({"type": "http.response.start", "status": 304, "headers": page.unchanged})
        await send({"type": "http.response.body", "body": b""})
        return
    headers, body = page.answers[coding]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


def answer_for(page: RenderedPage, headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """Which of the page's ready answers a request gets: None for a 304 (the reader's copy
    is current), else the content coding of its 200 ("br", "gzip" or "")."""
    if_none_match = accept = b""
    for name, value in headers:
        if name == b"accept-encoding":
            accept = value
        elif name == b"if-none-match":
            if_none_match = value
    if if_none_match and etag_matches(if_none_match, page.etag):
        return None
    return preferred_coding(accept)


def quick_blog_page(
    app: Dateline, slug: str, method: bytes, headers: Iterable[tuple[bytes, bytes]]
) -> QuickAnswer | None:
    """The blog page as the server's quick path sends it (see connections.py), when it is
    rendered, current and public; None sends the request down the ordinary path."""
    page = app.pages.ready_blog_page(slug)
    if page is None or not may_see_blog(page.blog, None):
        return None
    coding = answer_for(page, headers)
    if coding is None:
        return 304, page.unchanged_lines, b""
    return 200, page.answer_lines[coding], b"" if method == b"HEAD" else page.answers[coding][1]


async def _send_response(send: Send, response: Response, extra: list[tuple[bytes, bytes]]) -> None:
    """Send a Starlette response from a raw ASGI path."""
    headers = [*response.raw_headers, *extra]
    await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})


@router.get("/", response_class=HTMLResponse)
async def index(app: App) -> HTMLResponse:
    blogs = await app.database.read(queries.list_blogs, include_drafts=False)
    return HTMLResponse(
        app.renderer.index_page(blogs), headers={"Cache-Control": "public, max-age=5"}
    )


@router.get("/api/docs", response_class=HTMLResponse)
async def api_docs(app: App) -> HTMLResponse:
    """The API reference, with every asset served by Dateline itself."""
    return HTMLResponse(
        app.renderer.api_docs_page(), headers={"Cache-Control": "public, max-age=60"}
    )


@router.get("/health")
async def health(app: App) -> JSONResponse:
    return JSONResponse(
        {"ok": True, "readers": app.hub.reader_count, "dropped_readers": app.hub.dropped},
        headers={"Cache-Control": "no-store"},
    )


@router.get("/{slug}")
async def blog_without_slash(app: App, slug: str) -> Response:
    if not is_blog_slug(slug):
        raise NotFound("page", slug)
    # Built from the base URL, never from the client's Host header.
    return RedirectResponse(app.urls.blog(slug), status_code=301)


@router.get("/{slug}/updates/{post_id}", response_class=HTMLResponse)
async def update_page(app: App, slug: str, post_id: PostId) -> Response:
    """One update on a page of its own: for readers arriving from a share, and for search."""
    channel = await app.hub.channel(slug)
    key = ("update", slug, post_id, channel.last_seq)
    body = app.update_pages.get(key)
    if body is None:
        blog = channel.blog
        post = await app.database.read(queries.get_post, blog.id, post_id)
        if post.status == "deleted" and may_see_blog(blog, None):
            raise Gone(
                "This update was removed by the newsroom.",
                app.urls.blog(slug),
                f"Go to {blog.title}",
            )
        if not may_see_post(post, blog, None):
            raise NotFound("update", post_id)
        context = cursor_starting_at(post, newest_first=blog.order == "newest")
        claims = await app.database.read(claims_of_posts, [post]) if post.claims else {}
        body = app.renderer.update_page(blog, post, context, claims).encode()
        app.update_pages.put(key, body)
    headers: dict[str, Any] = {
        "Cache-Control": f"public, max-age={app.settings.page_max_age}, stale-while-revalidate=30"
    }
    if channel.blog.noindex:
        headers["X-Robots-Tag"] = "noindex, nofollow"
    return HTMLResponse(body, headers=headers)
