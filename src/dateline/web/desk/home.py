"""The desk's home: the blogs this person can work on."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ...domain.roles import Role, at_least
from ...store.members import blogs_for
from .pages import dateline, desk_page
from .session import DeskSessionOf

router = APIRouter(include_in_schema=False)


@router.get("/desk/")
async def desk_home(request: Request, session: DeskSessionOf) -> HTMLResponse:
    app = dateline(request)
    found = await app.database.read(blogs_for, session.actor)
    return desk_page(
        request, "home.html", session, nav="home", blogs=found,
        may_create=at_least(session.actor.role, Role.EDITOR),
    )  # fmt: skip


@router.get("/desk")
async def desk_without_slash(request: Request) -> RedirectResponse:
    return RedirectResponse(dateline(request).urls.desk(), status_code=308)
