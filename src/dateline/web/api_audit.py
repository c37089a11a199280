"""JSON API: the audit log, for admins. Who did what to which update, oldest first.

`?blog=SLUG` reads that blog's record (from its change log: every publish, edit,
delete, pin, key event, claim status and settings change, the desk's drafts too);
without it, the newsroom's own record (tokens, sources). Pages follow the project's
cursor rules: pass `next_cursor` back as `after`; only cursors this server handed
out are accepted.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from ..domain.audit import AuditEntry
from ..domain.documents import document
from ..domain.errors import NotFound
from ..domain.roles import Role, require
from ..store import audit
from ..store.cursors import decode_position, encode_position
from .auth import Writer
from .deps import App
from .shapes import output_model

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])
AuditEntryOut = output_model(AuditEntry)


class AuditPage(BaseModel):
    items: list[AuditEntryOut] = Field(description="Oldest first.")  # type: ignore[valid-type]
    next_cursor: str | None = Field(description="Pass as `after` for the next page.")


@router.get("", response_model=AuditPage)
async def read_audit(
    app: App,
    actor: Writer,
    response: Response,
    blog: Annotated[str | None, Query(max_length=80, description="The blog's slug.")] = None,
    after: Annotated[
        str | None, Query(max_length=64, description="`next_cursor` of the page before.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> Any:
    """Who did what, oldest first (admins only)."""
    require(actor.role, Role.ADMIN, "Reading the audit log")
    response.headers["Cache-Control"] = "private, no-store"
    kind = "blog" if blog is not None else "newsroom"
    start = decode_position(kind, after) if after is not None else 0
    if blog is None:
        found = await app.database.read(audit.newsroom_audit, start, limit=limit)
    else:
        blog_id = await app.database.read(audit.blog_id_of, blog)
        if blog_id is None:
            raise NotFound("blog", blog)
        found = await app.database.read(audit.blog_audit, blog_id, blog, start, limit=limit)
    more = len(found) == limit
    return {
        "items": [document(entry) for _, entry in found],
        "next_cursor": encode_position(kind, found[-1][0]) if found and more else None,
    }
