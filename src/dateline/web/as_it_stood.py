"""GET /{slug}/?at=ISO-time — the blog as readers saw it at that moment.

The live page is served from a cached fast path (`reader.blog_page`); a request
with `at` is routed here instead (see `app.py`), through the framework, so it
knows who is asking: readers get the public record of the past, and editors
signed in (an API token, or their desk session) the audit view, with wording
since withdrawn shown and marked.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from starlette.types import Scope

from ..domain.as_it_stood import page_of
from ..domain.blog import is_blog_slug
from ..domain.errors import Invalid, NotFound
from ..domain.times import iso, parse_instant
from ..domain.visibility import may_see_blog, sees_withdrawn_text
from ..store import queries
from ..store.as_it_stood import read_moment
from ..store.cursors import decode_cursor, encode_cursor
from .auth import MaybeActor
from .deps import App
from .params import Slug

router = APIRouter(include_in_schema=False)
AtParam = Annotated[str | None, Query(max_length=64)]
CursorParam = Annotated[str | None, Query(max_length=100)]


def asks_for_the_past(scope: Scope) -> bool:
    """Does a request for the blog page carry `at`? Then it is not the live page."""
    query = scope.get("query_string", b"")
    return b"at=" in query and "at" in parse_qs(query.decode("latin-1"))


@router.get("/{slug}/", response_class=HTMLResponse)
async def as_it_stood(
    app: App, slug: Slug, actor: MaybeActor, at: AtParam = None, cursor: CursorParam = None
) -> HTMLResponse:
    """The blog page as it stood at `at` (an ISO 8601 time with a zone)."""
    if not is_blog_slug(slug) or at is None:
        raise NotFound("page", slug)
    # A `+01:00` offset typed into an address arrives as a space: read it as meant.
    instant = parse_instant(at.strip().replace(" ", "+"), "at")
    now = app.database.clock()
    if instant > now:
        raise Invalid.one("at", "is in the future; the page as it is now is at its usual address")
    blog = await app.database.read(queries.get_blog, slug)
    if not may_see_blog(blog, actor):
        raise NotFound("blog", slug)
    moment = await app.database.read(read_moment, blog.id, instant)
    if moment is None:
        raise Invalid.one("at", f"is before this blog began ({iso(blog.created_at)})")
    newest_first = moment.blog.order == "newest"
    after = decode_cursor(cursor) if cursor else None
    size = app.settings.page_size
    entries, last = page_of(moment.updates, after, newest_first=newest_first, size=size)
    audit = sees_withdrawn_text(actor)
    html = app.renderer.template(
        "as_it_stood.html",
        moment=moment,
        entries=entries,
        cursor=cursor,
        next_cursor=encode_cursor(last) if last else None,
        at_param=iso(instant),
        audit=audit,
    )
    # The past does not change, but what may be shown of it can (a later deletion or
    # redaction): readers' copies are kept briefly, editors' never.
    max_age = app.settings.page_max_age
    cache = "private, no-store" if actor else f"public, max-age={max_age}"
    return HTMLResponse(html, headers={"Cache-Control": cache, "Vary": "Authorization"})
