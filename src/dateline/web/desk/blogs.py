"""Blogs on the desk: start one, edit its settings, open, end and reopen its coverage,
write its intro entry, and choose who works on it.

Every write goes through the same store commands as the API, so the same role and
membership rules apply; problems come back beside their fields.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from ...domain.blog import Blog
from ...domain.errors import Conflict, Forbidden, Invalid
from ...domain.roles import Role, at_least
from ...domain.stamps import PRESETS
from ...store import blog_commands, members, people, post_commands, queries
from ...store.sessions import DeskSession
from ..params import Slug
from .blog_form import (
    FEATURED_ROWS,
    fields_from_form,
    form_values,
    renumbered,
    stamp_preview,
    zone_choices,
)
from .pages import NO_STORE, dateline, desk_page, field_messages, see_other
from .session import DeskActor, DeskSessionOf

router = APIRouter(include_in_schema=False)
COVERAGE = {"open": "live", "end": "ended", "reopen": "live"}


def _require_editor_of(session: DeskSession, blog: Blog) -> None:
    """Settings are the blog's editors' (and admins'): contributors write updates only."""
    actor = session.actor
    if not at_least(actor.role, Role.EDITOR):
        raise Forbidden("A blog's settings are for its editors; contributors write updates.")
    if not actor.works_on(blog.id):
        raise Forbidden(f"You are not on the desk of “{blog.title}”; an admin can add you.")


def _context(request: Request) -> dict[str, Any]:
    return {
        "zones": zone_choices(),
        "presets": PRESETS,
        "featured_rows": FEATURED_ROWS,
        "preview_url": dateline(request).urls.desk_stamp_preview(),
    }


@router.get("/desk/stamp-preview")
async def preview(actor: DeskActor, format: str = "", zone: str = "UTC") -> PlainTextResponse:
    """The live preview on the settings form: the server's own stamp code, not a copy in JS."""
    return PlainTextResponse(stamp_preview(format[:200], zone[:100]), headers=NO_STORE)


@router.get("/desk/blogs/new")
async def new_blog_form(request: Request, session: DeskSessionOf) -> HTMLResponse:
    _require_creator(session)
    values = form_values(None)
    return desk_page(
        request, "blog_settings.html", session, blog=None, values=values, conflict="",
        preview=stamp_preview(values["stamp_format"], values["time_zone"]), **_context(request),
    )  # fmt: skip


def _require_creator(session: DeskSession) -> None:
    if not at_least(session.actor.role, Role.EDITOR):
        raise Forbidden("Starting a blog needs the editor role; you are a contributor.")


@router.post("/desk/blogs/new")
async def create_blog(request: Request, session: DeskSessionOf) -> Response:
    _require_creator(session)
    app = dateline(request)
    form = dict(await request.form())
    raw = fields_from_form(form, creating=True)
    raw["status"] = "draft" if form.get("start") == "draft" else "live"
    try:
        blog, _ = await app.database.write(blog_commands.create_blog, raw, session.actor)
    except Invalid as error:
        values = {k: str(v) for k, v in form.items()}
        return desk_page(
            request, "blog_settings.html", session, status=422, blog=None, values=values,
            errors=renumbered(error, form), conflict="",
            preview=stamp_preview(values.get("stamp_format", ""), values.get("time_zone", "")),
            **_context(request),
        )  # fmt: skip
    return see_other(app.urls.desk_blog_settings(blog.slug), "blog-created")


async def _settings_page(
    request: Request,
    session: DeskSession,
    blog: Blog,
    *,
    status: int = 200,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    intro_errors: dict[str, str] | None = None,
    member_errors: dict[str, str] | None = None,
    conflict: str = "",
) -> HTMLResponse:
    app = dateline(request)
    values = values or form_values(blog)
    intro = await app.database.read(queries.intro_entry, blog.id, include_unpublished=True)
    team = await app.database.read(members.members_of, blog.id)
    everyone = await app.database.read(people.list_people)
    on_desk = {m.name for m in team}
    return desk_page(
        request, "blog_settings.html", session, status=status, blog=blog, values=values,
        errors=errors or {}, intro=intro, intro_html=(
            app.renderer.update(intro, blog, variant="intro") if intro else ""
        ),
        intro_errors=intro_errors or {}, members=team,
        candidates=[p.name for p in everyone if p.name not in on_desk and not p.disabled],
        candidate_options=[(p.name, f"{p.name} ({p.role.value})") for p in everyone
                           if p.name not in on_desk and not p.disabled],
        may_manage=members.may_manage_members(session.actor, blog), conflict=conflict,
        preview=stamp_preview(values.get("stamp_format", ""), values.get("time_zone", "")),
        member_errors=member_errors or {}, **_context(request),
    )  # fmt: skip


@router.get("/desk/blogs/{slug}/settings")
async def settings_form(request: Request, session: DeskSessionOf, slug: Slug) -> HTMLResponse:
    blog = await dateline(request).database.read(queries.get_blog, slug)
    _require_editor_of(session, blog)
    return await _settings_page(request, session, blog)


@router.post("/desk/blogs/{slug}/settings")
async def save_settings(request: Request, session: DeskSessionOf, slug: Slug) -> Response:
    app = dateline(request)
    blog = await app.database.read(queries.get_blog, slug)
    _require_editor_of(session, blog)
    form = dict(await request.form())
    version = str(form.get("version", ""))
    try:
        await app.database.write(
            blog_commands.update_blog, slug, fields_from_form(form, creating=False),
            session.actor, version=int(version) if version.isdigit() else None,
        )  # fmt: skip
    except Invalid as error:
        values = {k: str(v) for k, v in form.items()}
        return await _settings_page(
            request, session, blog, status=422, values=values, errors=renumbered(error, form)
        )
    except Conflict as error:
        values = {k: str(v) for k, v in form.items()}
        fresh = await app.database.read(queries.get_blog, slug)
        values["version"] = str(fresh.version)
        return await _settings_page(
            request, session, fresh, status=409, values=values, conflict=str(error)
        )
    return see_other(app.urls.desk_blog_settings(slug), "saved")


@router.post("/desk/blogs/{slug}/coverage")
async def change_coverage(
    request: Request, session: DeskSessionOf, slug: Slug, action: Annotated[str, Form()] = ""
) -> Response:
    """Open a draft blog, end the coverage, or reopen it."""
    app = dateline(request)
    blog = await app.database.read(queries.get_blog, slug)
    _require_editor_of(session, blog)
    if action not in COVERAGE:
        raise Invalid.one("action", "must be open, end or reopen")
    await app.database.write(
        blog_commands.update_blog, slug, {"status": COVERAGE[action]}, session.actor
    )
    return see_other(app.urls.desk_blog_settings(slug), "coverage")


@router.post("/desk/blogs/{slug}/intro")
async def save_intro(
    request: Request,
    session: DeskSessionOf,
    slug: Slug,
    body: Annotated[str, Form(max_length=60_000)] = "",
    version: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Write the intro entry (the article that opened the coverage; `## ` starts a section)."""
    app = dateline(request)
    blog = await app.database.read(queries.get_blog, slug)
    _require_editor_of(session, blog)
    intro = await app.database.read(queries.intro_entry, blog.id, include_unpublished=True)
    try:
        if intro is None:
            fields = {"kind": "intro", "body": body}
            await app.database.write(post_commands.create_post, slug, fields, session.actor)
        else:
            await app.database.write(
                post_commands.edit_post, slug, intro.id, {"body": body}, session.actor,
                version=int(version) if version.isdigit() else intro.version,
            )  # fmt: skip
    except Invalid as error:
        return await _settings_page(
            request, session, blog, status=422, intro_errors=field_messages(error)
        )
    except Conflict as error:
        return await _settings_page(
            request, session, blog, status=409, intro_errors={"body": str(error)}
        )
    return see_other(app.urls.desk_blog_settings(slug) + "#intro", "saved")


@router.post("/desk/blogs/{slug}/members")
async def change_members(
    request: Request,
    session: DeskSessionOf,
    slug: Slug,
    name: Annotated[str, Form(max_length=200)] = "",
    action: Annotated[str, Form(max_length=10)] = "add",
) -> Response:
    """Add someone to the blog's desk, or take them off it (admins and its editors)."""
    app = dateline(request)
    command = members.remove_member if action == "remove" else members.add_member
    try:
        await app.database.write(command, slug, name, session.actor)
    except Invalid as error:
        blog = await app.database.read(queries.get_blog, slug)
        _require_editor_of(session, blog)
        return await _settings_page(
            request, session, blog, status=422, member_errors=field_messages(error)
        )
    done = "member-removed" if action == "remove" else "member-added"
    return see_other(app.urls.desk_blog_settings(slug) + "#members", done)
