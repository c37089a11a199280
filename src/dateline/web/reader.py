"""Reader-facing HTML: the blog page (a raw ASGI path, for speed), single-update
pages, the index of blogs, and the health check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import Scope, Send

from ..domain.blog import RESERVED_SLUGS, SLUG
from ..domain.errors import Invalid, NotFound
from ..store import queries
from ..store.cursors import cursor_starting_at
from .http import header

if TYPE_CHECKING:
    from .app import Dateline

router = APIRouter(include_in_schema=False)


def _etag_matches(if_none_match: bytes, etag: bytes) -> bool:
    if not if_none_match:
        return False
    if if_none_match.strip() == b"*":
        return True
    # Compare weakly, as RFC 9110 says If-None-Match must.
    wanted = {tag.strip().removeprefix(b"W/") for tag in if_none_match.split(b",")}
    return etag.removeprefix(b"W/") in wanted


async def blog_page(app: Dateline, slug: str, scope: Scope, send: Send) -> None:
    """GET /{slug}/ — bytes from the page cache, 304 when the reader's copy is current."""
    cursor = parse_qs(scope["query_string"].decode("latin-1")).get("cursor", [None])[-1]
    try:
        page = await app.pages.blog_page(slug, cursor)
        if page.blog.status == "draft":
            raise NotFound("blog", slug)
    except NotFound:
        await _send_html(app, send, 404, "No such live blog", "There is no live blog here.")
        return
    except Invalid as error:
        await _send_html(app, send, 400, "That page link is broken", error.errors[0].message)
        return
    max_age = app.settings.page_max_age
    headers = [
        (b"etag", page.etag),
        (b"cache-control", b"public, max-age=%d, stale-while-revalidate=30" % max_age),
        (b"vary", b"accept-encoding"),
    ]
    if _etag_matches(header(scope, b"if-none-match"), page.etag):
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    body = page.body
    if b"gzip" in header(scope, b"accept-encoding"):
        body = page.gzipped
        headers.append((b"content-encoding", b"gzip"))
    headers += [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


async def _send_html(app: Dateline, send: Send, status: int, title: str, message: str) -> None:
    body = app.renderer.error_page(status, title, message).encode()
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"public, max-age=5"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _error(app: Dateline, status: int, title: str, message: str) -> HTMLResponse:
    return HTMLResponse(app.renderer.error_page(status, title, message), status_code=status)


@router.get("/", response_class=HTMLResponse)
async def index(request: Request) -> HTMLResponse:
    app: Dateline = request.app.state.dateline
    blogs = await app.database.read(queries.list_blogs, include_drafts=False)
    return HTMLResponse(
        app.renderer.index_page(blogs), headers={"Cache-Control": "public, max-age=5"}
    )


@router.get("/health")
async def health(request: Request) -> JSONResponse:
    app: Dateline = request.app.state.dateline
    return JSONResponse(
        {"ok": True, "readers": app.hub.reader_count, "dropped_readers": app.hub.dropped},
        headers={"Cache-Control": "no-store"},
    )


@router.get("/{slug}")
async def blog_without_slash(request: Request, slug: str) -> Response:
    app: Dateline = request.app.state.dateline
    if not SLUG.match(slug) or slug in RESERVED_SLUGS:
        return _error(app, 404, "Page not found", "There is nothing at this address.")
    return RedirectResponse(f"/{slug}/", status_code=301)


@router.get("/{slug}/updates/{post_id}", response_class=HTMLResponse)
async def update_page(request: Request, slug: str, post_id: int) -> Response:
    """One update on a page of its own: for readers arriving from a share, and for search."""
    app: Dateline = request.app.state.dateline
    try:
        channel = await app.hub.channel(slug)
        key = ("update", slug, post_id, channel.last_seq)
        body = app.update_pages.get(key)
        if body is None:
            blog = channel.blog
            post = await app.database.read(queries.get_post, blog.id, post_id)
            if blog.status == "draft" or not post.is_public:
                raise NotFound("update", post_id)
            context = cursor_starting_at(post, newest_first=blog.order == "newest")
            body = app.renderer.update_page(blog, post, context).encode()
            app.update_pages.put(key, body)
    except NotFound:
        return _error(app, 404, "Update not found", "This update does not exist or was removed.")
    headers: dict[str, Any] = {
        "Cache-Control": f"public, max-age={app.settings.page_max_age}, stale-while-revalidate=30"
    }
    return HTMLResponse(body, headers=headers)
