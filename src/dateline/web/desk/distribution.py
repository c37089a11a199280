"""A blog's distribution on the desk: the snippet other sites paste, whether search
engines may list it and who may frame it, and its webhook subscriptions with their
delivery log.

Every write goes through the same store commands as the API (`update_blog`, the
webhook commands), after the same check as the settings page: the blog's editors and
admins only. A new subscription's secret is shown on the page that answers its form,
once, and never again.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from ...domain.blog import Blog
from ...domain.errors import Conflict, Invalid, NotFound
from ...domain.webhooks import Webhook
from ...store import blog_commands, queries, webhooks
from ...store.sessions import DeskSession
from ..params import MAX_ID, Slug
from ..views import embed_snippet
from .blogs import _require_editor_of as require_editor_of
from .pages import dateline, desk_page, field_messages, see_other
from .session import DeskSessionOf

router = APIRouter(include_in_schema=False)
LOG_LINES = 10  # the latest attempts shown per subscription; the API has the rest
ACTIONS = {"pause": "webhook-paused", "resume": "webhook-resumed", "delete": "webhook-deleted"}


def origins_from_form(text: str) -> list[str]:
    """One origin a line; blank lines dropped. `check_blog_fields` does the checking."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _by_form_field(error: Invalid) -> dict[str, str]:
    """The domain names each bad origin (`embed_origins[2]`); the form has one textarea."""
    out: dict[str, str] = {}
    for name, message in field_messages(error).items():
        field = name.split("[", 1)[0]
        out[field] = f"{out[field]} {message}" if field in out else message
    return out


async def _page(
    request: Request,
    session: DeskSession,
    blog: Blog,
    *,
    status: int = 200,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    hook_errors: dict[str, str] | None = None,
    hook_values: dict[str, str] | None = None,
    new_hook: Webhook | None = None,
    conflict: str = "",
) -> HTMLResponse:
    app = dateline(request)
    hooks = await app.database.read(webhooks.blog_webhooks, blog.slug)
    logs = {h.id: await app.database.read(webhooks.attempts, h.id, limit=LOG_LINES) for h in hooks}
    values = values or {"noindex": blog.noindex, "embed_origins": "\n".join(blog.embed_origins)}
    urls = app.urls
    blog_url = urls.blog(blog.slug, absolute=True)
    return desk_page(
        request, "blog_distribution.html", session, status=status, blog=blog, values=values,
        errors=errors or {}, hook_errors=hook_errors or {}, hook_values=hook_values or {},
        hooks=hooks, logs=logs, new_hook=new_hook, conflict=conflict,
        snippet=embed_snippet(blog, urls),
        oembed_url=urls.oembed(blog_url),
        feeds=[("Atom", urls.feed(blog.slug, "atom")), ("JSON Feed", urls.feed(blog.slug, "json"))],
    )  # fmt: skip


async def _blog_for_editor(request: Request, session: DeskSession, slug: str) -> Blog:
    blog = await dateline(request).database.read(queries.get_blog, slug)
    require_editor_of(session, blog)
    return blog


@router.get("/desk/blogs/{slug}/distribution")
async def distribution(request: Request, session: DeskSessionOf, slug: Slug) -> HTMLResponse:
    blog = await _blog_for_editor(request, session, slug)
    return await _page(request, session, blog)


@router.post("/desk/blogs/{slug}/distribution/reach")
async def save_reach(
    request: Request,
    session: DeskSessionOf,
    slug: Slug,
    embed_origins: Annotated[str, Form(max_length=10_000)] = "",
    noindex: Annotated[str, Form(max_length=10)] = "",
    version: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Search engines (noindex) and the sites that may frame the embed page."""
    app = dateline(request)
    blog = await _blog_for_editor(request, session, slug)
    fields = {"noindex": noindex == "on", "embed_origins": origins_from_form(embed_origins)}
    values = {"noindex": noindex == "on", "embed_origins": embed_origins}
    try:
        await app.database.write(
            blog_commands.update_blog, slug, fields, session.actor,
            version=int(version) if version.isdigit() else None,
        )  # fmt: skip
    except Invalid as error:
        return await _page(
            request, session, blog, status=422, values=values, errors=_by_form_field(error)
        )
    except Conflict as error:
        fresh = await app.database.read(queries.get_blog, slug)
        return await _page(request, session, fresh, status=409, values=values, conflict=str(error))
    return see_other(app.urls.desk_blog_distribution(slug) + "#reach", "saved")


@router.post("/desk/blogs/{slug}/distribution/webhooks")
async def add_webhook(
    request: Request,
    session: DeskSessionOf,
    slug: Slug,
    url: Annotated[str, Form(max_length=2_000)] = "",
    description: Annotated[str, Form(max_length=1_000)] = "",
) -> Response:
    """Subscribe a URL; the answer is the page itself, the only one to show the secret."""
    app = dateline(request)
    blog = await _blog_for_editor(request, session, slug)
    raw = {"url": url, "description": description}
    try:
        hook = await app.database.write(webhooks.create_webhook, slug, raw, session.actor)
    except Invalid as error:
        return await _page(
            request, session, blog, status=422, hook_errors=field_messages(error),
            hook_values=raw,
        )  # fmt: skip
    return await _page(request, session, blog, new_hook=hook)


@router.post("/desk/blogs/{slug}/distribution/webhooks/{webhook_id}")
async def change_webhook(
    request: Request,
    session: DeskSessionOf,
    slug: Slug,
    webhook_id: int,
    action: Annotated[str, Form(max_length=10)] = "",
    version: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Pause, resume or remove a subscription."""
    app = dateline(request)
    blog = await _blog_for_editor(request, session, slug)
    if not 1 <= webhook_id <= MAX_ID:
        raise NotFound("webhook", webhook_id)
    if action not in ACTIONS:
        raise Invalid.one("action", "must be pause, resume or delete")
    try:
        if action == "delete":
            await app.database.write(webhooks.delete_webhook, slug, webhook_id, session.actor)
        else:
            await app.database.write(
                webhooks.edit_webhook, slug, webhook_id, {"active": action == "resume"},
                session.actor, version=int(version) if version.isdigit() else 0,
            )  # fmt: skip
    except Conflict as error:
        return await _page(request, session, blog, status=409, conflict=str(error))
    return see_other(app.urls.desk_blog_distribution(slug) + "#webhooks", ACTIONS[action])
