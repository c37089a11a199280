"""The desk: the signed-in pages where reporters and editors work.

Every desk route takes `DeskActor` or `DeskSessionOf` (session.py): signed out, it
sends the person to sign in and back; a change must carry the session's CSRF token.
Pages are server-rendered from `render/templates/desk/`; their script uses the same
JSON API as everyone, with the session cookie (see web/auth.py).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from ...store.people import anyone_can_sign_in
from . import blogs, distribution, home, importing, people, sign_in, site
from .pages import NO_STORE, dateline
from .session import DeskActor, DeskSessionOf, SignInNeeded

if TYPE_CHECKING:
    from ..app import Dateline

__all__ = ["DeskActor", "DeskSessionOf", "first_run_hint", "install", "router"]
log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)
router.include_router(sign_in.router)
router.include_router(home.router)
router.include_router(people.router)
router.include_router(blogs.router)
router.include_router(distribution.router)
router.include_router(site.router)
router.include_router(importing.router)


def install(api: FastAPI) -> None:
    """Add the desk's routes, and send signed-out people to the sign-in page."""

    async def to_sign_in(request: Request, error: Exception) -> Response:
        assert isinstance(error, SignInNeeded)
        target = dateline(request).urls.desk_login(error.next_path)
        return RedirectResponse(target, status_code=303, headers=NO_STORE)

    api.add_exception_handler(SignInNeeded, to_sign_in)
    api.include_router(router)


async def first_run_hint(app: Dateline) -> None:
    """On a database with nobody on the desk, say how to make the first admin."""
    if not await app.database.read(anyone_can_sign_in):
        log.warning(
            "Nobody can sign in to the desk yet. Create the first admin with\n"
            "  dateline user add NAME --role admin\n"
            "then sign in at %s",
            app.urls.absolute("/desk/login"),
        )
