"""The people page, for admins: add people, change roles, disable, reset passwords,
and revoke API tokens (listed, never shown again)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from ...domain.errors import Invalid
from ...domain.roles import Role, require
from ...store import people
from ...store.sessions import DeskSession
from .pages import dateline, desk_page, field_messages, see_other
from .session import DeskSessionOf

router = APIRouter(include_in_schema=False)
ROLES = [(role.value, role.value.capitalize()) for role in Role]
Name = Annotated[str, Form(max_length=200)]
Secret = Annotated[str, Form(max_length=people.MAX_PASSWORD)]


def _admin(session: DeskSession) -> None:
    require(session.actor.role, Role.ADMIN, "Managing people")


async def _people_page(
    request: Request,
    session: DeskSession,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    row_errors: dict[str, dict[str, str]] | None = None,
) -> HTMLResponse:
    app = dateline(request)
    everyone = await app.database.read(people.list_people)
    issued = await app.database.read(people.list_tokens)
    return desk_page(
        request, "people.html", session, status=status, nav="people", people=everyone,
        tokens=issued, roles=ROLES, errors=errors or {}, typed=typed or {},
        row_errors=row_errors or {},
    )  # fmt: skip


@router.get("/desk/people")
async def people_page(request: Request, session: DeskSessionOf) -> HTMLResponse:
    _admin(session)
    return await _people_page(request, session)


@router.post("/desk/people")
async def add_person(
    request: Request,
    session: DeskSessionOf,
    name: Name = "",
    role: Name = "",
    password: Secret = "",
) -> Response:
    _admin(session)
    try:
        await dateline(request).database.write(people.add_user, name, role, password)
    except Invalid as error:
        typed = {"name": name, "role": role}
        return await _people_page(
            request, session, status=422, errors=field_messages(error), typed=typed
        )
    return see_other(dateline(request).urls.desk_people(), "person-added")


@router.post("/desk/people/{name}/role")
async def change_role(
    request: Request, session: DeskSessionOf, name: str, role: Name = ""
) -> Response:
    return await _act(request, session, name, "role", people.set_role, role, session.actor)


@router.post("/desk/people/{name}/disable")
async def disable(request: Request, session: DeskSessionOf, name: str) -> Response:
    return await _act(request, session, name, "disabled", people.set_disabled, True, session.actor)


@router.post("/desk/people/{name}/enable")
async def enable(request: Request, session: DeskSessionOf, name: str) -> Response:
    return await _act(request, session, name, "enabled", people.set_disabled, False, session.actor)


@router.post("/desk/people/{name}/password")
async def reset_password(
    request: Request, session: DeskSessionOf, name: str, password: Secret = ""
) -> Response:
    return await _act(
        request, session, name, "password-reset", people.reset_password, password, session.actor
    )


@router.post("/desk/tokens/{token_id}/revoke")
async def revoke_token(request: Request, session: DeskSessionOf, token_id: int) -> Response:
    _admin(session)
    await dateline(request).database.write(people.revoke_token, token_id, session.actor)
    return see_other(dateline(request).urls.desk_people(), "token-revoked")


async def _act(
    request: Request,
    session: DeskSession,
    name: str,
    done: str,
    command: Callable[..., None],
    *args: object,
) -> Response:
    """Run one admin command on one person; its problems shown in that person's row."""
    _admin(session)
    try:
        await dateline(request).database.write(command, name, *args)
    except Invalid as error:
        row_errors = {name: field_messages(error)}
        return await _people_page(request, session, status=422, row_errors=row_errors)
    return see_other(dateline(request).urls.desk_people(), done)
