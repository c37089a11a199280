"""JSON API: the change log, for clients that cannot hold a live stream open.

Readers who are up to date all ask for the same URL (`after` = the latest
sequence number), so the answer is built once per sequence number and is
cacheable by a CDN for the poll interval; the interval itself is the server's
lever under overload.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from ..domain.changes import Change
from ..domain.errors import NotFound
from ..domain.visibility import may_see_blog, may_see_change
from ..live.payload import change_payload
from ..store.changelog import backlog, changes_after
from .auth import MaybeActor
from .deps import App
from .params import After, Slug
from .schemas import ChangeList

router = APIRouter(prefix="/api/v1/blogs/{slug}", tags=["changes"])


@router.get("/changes", response_model=ChangeList)
async def list_changes(
    app: App,
    slug: Slug,
    actor: MaybeActor,
    after: After = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> Response:
    """Changes after `after`, oldest first, each with the update's HTML as it is now.
    With a token, the desk's changes (drafts, schedules) are listed too, as they were made."""
    channel = await app.hub.channel(slug)
    blog = channel.blog
    if not may_see_blog(blog, actor):
        raise NotFound("blog", slug)
    poll = app.settings.poll_interval * app.hub.pressure.backoff()
    if actor is not None:
        found = await app.database.read(
            changes_after, blog.id, after, limit=limit, public_only=False
        )
        visible = [c for c in found if may_see_change(c, blog, actor)]
        payloads = [change_payload(c, blog, app.renderer, for_desk=True) for c in visible]
        body = _body(payloads, found, channel.last_seq, poll, reload=False)
        return Response(
            body, media_type="application/json", headers={"Cache-Control": "private, no-store"}
        )
    key = (slug, after, limit, channel.last_seq, poll)
    cached = app.changes_cache.get(key)
    if cached is None:
        missed = await app.database.read(backlog, blog.id, after, limit=limit)
        reload = after > missed.last_seq or app.hub.too_far_behind(after, missed)
        changes = [] if reload else missed.changes
        payloads = [change_payload(c, channel.blog, app.renderer) for c in changes]
        cached = _body(payloads, changes, missed.last_seq, poll, reload=reload)
        app.changes_cache.put(key, cached)
    max_age = max(1, int(poll))
    return Response(
        cached,
        media_type="application/json",
        headers={"Cache-Control": f"public, max-age={max_age}, stale-while-revalidate={max_age}"},
    )


def _body(
    payloads: list[dict[str, Any]],
    found: list[Change],
    last_seq: int,
    poll: float,
    *,
    reload: bool,
) -> bytes:
    last = max([last_seq, *(c.seq for c in found)])
    document = {"changes": payloads, "last_seq": last, "poll_after_s": poll, "reload": reload}
    return json.dumps(document, separators=(",", ":")).encode()
