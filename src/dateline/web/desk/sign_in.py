"""Signing in and out, and changing one's own password.

The sign-in form has no session yet, so its CSRF token is a random value also set in
a short-lived cookie of its own (the "double submit" pattern) and the post must come
from this site: nobody can sign a victim in to someone else's account.
"""

from __future__ import annotations

import hmac
import math
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...domain.errors import Forbidden, Invalid
from ...domain.fields import url_problem
from ...store import people, sign_in
from ...store.sessions import end_session, start_session
from .pages import NO_STORE, dateline, desk_page, field_messages, see_other
from .session import (
    COOKIE,
    SESSION_LIFETIME,
    DeskSessionOf,
    clear_session_cookie,
    cookie,
    from_this_site,
    session_of,
    set_session_cookie,
)

router = APIRouter(include_in_schema=False)
SIGN_IN_COOKIE = "dateline_sign_in"
_FORM_TOO_OLD = "The sign-in form was too old or came from another site. Please try again."


def _next_path(request: Request, wanted: str | None) -> str:
    """Where to go after signing in: a desk path on this site, never elsewhere."""
    urls = dateline(request).urls
    desk = urls.desk()
    if wanted and wanted.startswith(desk) and url_problem(wanted, allow_path=True) is None:
        return wanted
    return desk


def _address(request: Request) -> str:
    return request.client.host if request.client else ""


def _sign_in_page(
    request: Request, next_path: str, *, status: int = 200, name: str = "", message: str = ""
) -> HTMLResponse:
    urls = dateline(request).urls
    form_token = secrets.token_urlsafe(32)
    response = desk_page(
        request, "login.html", None, status=status, csrf_token=form_token,
        next_path=next_path, typed_name=name, message=message,
    )  # fmt: skip
    response.set_cookie(
        SIGN_IN_COOKIE, form_token, max_age=3600, path=urls.desk(),
        httponly=True, samesite="strict", secure=urls.secure,
    )  # fmt: skip
    return response


@router.get("/desk/login")
async def sign_in_form(request: Request, next: str | None = None) -> Response:
    app = dateline(request)
    next_path = _next_path(request, next)
    if await session_of(app.database, request.scope) is not None:
        return RedirectResponse(next_path, status_code=303, headers=NO_STORE)
    return _sign_in_page(request, next_path)


@router.post("/desk/login")
async def sign_in_post(
    request: Request,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=people.MAX_PASSWORD)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    app = dateline(request)
    next_path = _next_path(request, next)
    expected = cookie(request.scope, SIGN_IN_COOKIE) or ""
    fresh = bool(expected) and hmac.compare_digest(expected, csrf_token)
    if not fresh or not from_this_site(request.scope, app.urls):
        return _sign_in_page(request, next_path, status=403, name=name, message=_FORM_TOO_OLD)
    keys = sign_in.keys_for(name, _address(request))
    wait = await app.database.read(sign_in.wait_before_next, keys, app.database.clock())
    if wait > 0:
        seconds = math.ceil(wait)
        message = (
            f"Too many failed sign-ins from here or for this name. Wait {seconds} "
            f"second{'s' if seconds != 1 else ''} and try again."
        )
        response = _sign_in_page(request, next_path, status=429, name=name, message=message)
        response.headers["Retry-After"] = str(seconds)
        return response
    try:
        actor = await app.database.read(people.check_password, name.strip(), password)
    except Forbidden:
        await app.database.write(sign_in.record_failure, keys)
        return _sign_in_page(
            request, next_path, status=401, name=name, message=people.WRONG_SIGN_IN
        )
    await app.database.write(sign_in.forget_failures, keys[:1])
    token, _ = await app.database.write(
        start_session, actor.name, lifetime=SESSION_LIFETIME, address=_address(request),
        replaces=cookie(request.scope, COOKIE),
    )  # fmt: skip
    signed_in = RedirectResponse(next_path, status_code=303, headers=NO_STORE)
    set_session_cookie(signed_in, app.urls, token)
    signed_in.delete_cookie(SIGN_IN_COOKIE, path=app.urls.desk())
    return signed_in


@router.post("/desk/logout")
async def sign_out(request: Request, session: DeskSessionOf) -> Response:
    app = dateline(request)
    token = cookie(request.scope, COOKIE)
    if token:
        await app.database.write(end_session, token)
    response = RedirectResponse(app.urls.desk_login(), status_code=303, headers=NO_STORE)
    clear_session_cookie(response, app.urls)
    return response


@router.get("/desk/password")
async def password_form(request: Request, session: DeskSessionOf) -> Response:
    return desk_page(request, "password.html", session, nav="password")


@router.post("/desk/password")
async def password_change(
    request: Request,
    session: DeskSessionOf,
    current_password: Annotated[str, Form(max_length=people.MAX_PASSWORD)] = "",
    new_password: Annotated[str, Form(max_length=people.MAX_PASSWORD)] = "",
    repeat_password: Annotated[str, Form(max_length=people.MAX_PASSWORD)] = "",
) -> Response:
    app = dateline(request)
    try:
        if new_password != repeat_password:
            raise Invalid.one("repeat_password", "does not match the new password")
        await app.database.write(
            people.change_password, session.actor.name, current_password, new_password
        )
    except Invalid as error:
        errors = field_messages(error)
        return desk_page(request, "password.html", session, status=422, errors=errors,
                         nav="password")  # fmt: skip
    # Every session of theirs ended with the old password; this browser gets a new one.
    token, _ = await app.database.write(
        start_session, session.actor.name, lifetime=SESSION_LIFETIME, address=_address(request)
    )
    response = see_other(app.urls.desk(), "password")
    set_session_cookie(response, app.urls, token)
    return response
