"""JSON API: a blog's webhook subscriptions and their delivery log (editors and admins).

The signing secret is shown once, in the answer to the POST that creates it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from ..domain.roles import Actor, Role, require, require_member
from ..domain.webhooks import Attempt, Webhook
from ..store import queries, webhooks
from .auth import Writer
from .deps import App
from .params import MAX_ID, Slug

router = APIRouter(prefix="/api/v1/blogs/{slug}/webhooks", tags=["webhooks"])
WebhookId = Annotated[int, Path(ge=1, le=MAX_ID, description="The subscription's id.")]


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(description="Where each public change is POSTed (http or https).")
    description: str | None = None
    active: bool | None = None


class WebhookPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str | None = None
    description: str | None = None
    active: bool | None = Field(None, description="false pauses delivery; true resumes it.")
    version: int = Field(description="The version you loaded (409 if it changed since).")


class WebhookOut(BaseModel):
    id: int
    url: str
    description: str
    active: bool
    delivered_seq: int = Field(description="The last change delivered.")
    failures: int = Field(description="Failed attempts in a row at the next change.")
    due_at: datetime | None
    version: int
    created_by: str | None
    created_at: datetime | None
    secret: str | None = Field(
        None, description="The signing secret (whsec_…): only in the answer that creates it."
    )


class WebhookList(BaseModel):
    items: list[WebhookOut]


class AttemptOut(BaseModel):
    seq: int
    delivery_id: str = Field(description="The `webhook-id` header: the same on every retry.")
    attempt: int
    delivered: bool
    status_code: int | None
    error: str
    duration_ms: int
    created_at: datetime


class AttemptList(BaseModel):
    items: list[AttemptOut]


def _out(hook: Webhook, *, secret: bool = False) -> dict[str, Any]:
    found = {name: getattr(hook, name) for name in WebhookOut.model_fields if name != "secret"}
    return {**found, "secret": hook.secret if secret else None}


def _attempt(found: Attempt) -> dict[str, Any]:
    return {
        **{name: getattr(found, name) for name in AttemptOut.model_fields if name != "delivered"},
        "delivered": found.delivered,
    }


async def _may_see(app: App, slug: str, actor: Actor) -> None:
    """The blog's editors and admins: a hook's address may carry the receiver's own key."""
    require(actor.role, Role.EDITOR, "Seeing a blog's webhooks")
    blog = await app.database.read(queries.get_blog, slug)
    require_member(actor, blog.id, blog.title)


@router.get("", response_model=WebhookList)
async def list_webhooks(app: App, slug: Slug, actor: Writer, response: Response) -> Any:
    await _may_see(app, slug, actor)
    response.headers["Cache-Control"] = "private, no-store"
    return {"items": [_out(h) for h in await app.database.read(webhooks.blog_webhooks, slug)]}


@router.post("", status_code=201, response_model=WebhookOut)
async def create_webhook(app: App, slug: Slug, payload: WebhookCreate, actor: Writer) -> Any:
    """Subscribe a URL to the blog's public changes from now on. Keep the `secret`:
    it is shown only here, and it signs every delivery."""
    raw = payload.model_dump(exclude_unset=True)
    hook = await app.database.write(webhooks.create_webhook, slug, raw, actor)
    return _out(hook, secret=True)


@router.get("/{webhook_id}", response_model=WebhookOut)
async def get_webhook(
    app: App, slug: Slug, webhook_id: WebhookId, actor: Writer, response: Response
) -> Any:
    await _may_see(app, slug, actor)
    response.headers["Cache-Control"] = "private, no-store"
    return _out(await app.database.read(webhooks.get_webhook, slug, webhook_id))


@router.patch("/{webhook_id}", response_model=WebhookOut)
async def edit_webhook(
    app: App, slug: Slug, webhook_id: WebhookId, payload: WebhookPatch, actor: Writer
) -> Any:
    raw = payload.model_dump(exclude_unset=True)
    version = raw.pop("version")
    hook = await app.database.write(
        webhooks.edit_webhook, slug, webhook_id, raw, actor, version=version
    )
    return _out(hook)


@router.delete("/{webhook_id}", status_code=204)
async def delete_webhook(app: App, slug: Slug, webhook_id: WebhookId, actor: Writer) -> Response:
    await app.database.write(webhooks.delete_webhook, slug, webhook_id, actor)
    return Response(status_code=204)


@router.get("/{webhook_id}/deliveries", response_model=AttemptList)
async def list_deliveries(
    app: App,
    slug: Slug,
    webhook_id: WebhookId,
    actor: Writer,
    response: Response,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Any:
    """The delivery log, newest first: each attempt, its answer or error, and its time."""
    await _may_see(app, slug, actor)
    hook = await app.database.read(webhooks.get_webhook, slug, webhook_id)
    found = await app.database.read(webhooks.attempts, hook.id, limit=limit)
    response.headers["Cache-Control"] = "private, no-store"
    return {"items": [_attempt(a) for a in found]}
