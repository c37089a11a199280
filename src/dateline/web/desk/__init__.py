"""The desk: the signed-in pages where reporters and editors work.

Every desk route takes `DeskActor` or `DeskSessionOf` (session.py): signed out, it
sends the person to sign in and back; a change must carry the session's CSRF token.
Pages are server-rendered from `render/templates/desk/`; their script uses the same
JSON API as everyone, with the session cookie (see web/auth.py).
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from . import blogs, home, people, sign_in
from .pages import NO_STORE, dateline
from .session import DeskActor, DeskSessionOf, SignInNeeded

__all__ = ["DeskActor", "DeskSessionOf", "install", "router"]

router = APIRouter(include_in_schema=False)
router.include_router(sign_in.router)
router.include_router(home.router)
router.include_router(people.router)
router.include_router(blogs.router)


def install(api: FastAPI) -> None:
    """Add the desk's routes, and send signed-out people to the sign-in page."""

    async def to_sign_in(request: Request, error: Exception) -> Response:
        assert isinstance(error, SignInNeeded)
        target = dateline(request).urls.desk_login(error.next_path)
        return RedirectResponse(target, status_code=303, headers=NO_STORE)

    api.add_exception_handler(SignInNeeded, to_sign_in)
    api.include_router(router)
