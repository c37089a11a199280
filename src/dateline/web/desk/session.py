"""Who is at the desk: server-side sessions in a cookie, and the CSRF rule.

The cookie (`HttpOnly`, `SameSite=Lax`, `Secure` when the site is https) names a
session row (`store/sessions.py`), so signing out or disabling a person ends it at
once, everywhere. A new session is made at every sign-in.

CSRF: every request that changes something and is authenticated by the cookie must
carry the session's token (the form field `csrf_token` or the `X-CSRF-Token` header)
and come from this site (its `Origin`, or failing that its `Referer`). Both: the
token stops forged forms, the origin check stops them even if a token leaked into a
page another site can read. Bearer-token API calls need neither: a browser never
adds a bearer token by itself.
"""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from starlette.requests import cookie_parser
from starlette.responses import Response
from starlette.types import Scope

from ...domain.errors import Forbidden, NotAuthenticated
from ...domain.roles import Actor
from ...store.database import Database
from ...store.sessions import DeskSession, session_for
from ...urls import Urls
from ..http import header

if TYPE_CHECKING:
    from ..app import Dateline

COOKIE = "dateline_desk"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = b"x-csrf-token"
SESSION_LIFETIME = timedelta(days=7)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_SESSION_KEY = "dateline.desk_session"
_UNCHECKED_CHANGE = (
    "This change did not carry the desk's security token (it may come from another site, "
    "or the page is old). Reload the page and try again."
)
_OTHER_SITE = "This change came from another site, so it was refused."


class SignInNeeded(Exception):
    """A desk page asked for by someone signed out: they are sent to sign in, then back."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def cookie(scope: Scope, name: str) -> str | None:
    raw = header(scope, b"cookie").decode("latin-1")
    return cookie_parser(raw).get(name) if raw else None


async def session_of(database: Database, scope: Scope) -> DeskSession | None:
    """The live session the request's cookie names, if any (looked up once per request)."""
    state = scope.setdefault("state", {})
    if _SESSION_KEY in state:
        found: DeskSession | None = state[_SESSION_KEY]
        return found
    token = cookie(scope, COOKIE)
    session = None
    if token:
        try:
            session = await database.read(session_for, token, database.clock())
        except NotAuthenticated:
            session = None
    state[_SESSION_KEY] = session
    return session


def from_this_site(scope: Scope, urls: Urls) -> bool:
    """Does the request say it comes from one of our pages? `Origin`, else `Referer`.

    Our origin is the base URL's; the request's own `Host` is accepted too (as Django
    does), so a site reached by another name than its base URL still works. A browser
    sets both headers itself; a page on another site cannot forge them.
    """
    origin = header(scope, b"origin").decode("latin-1")
    if not origin or origin == "null":
        origin = header(scope, b"referer").decode("latin-1")
    if not origin:
        return False
    parts = urlsplit(origin)
    if f"{parts.scheme}://{parts.netloc}" == urls.origin:
        return True
    host = header(scope, b"host").decode("latin-1")
    return bool(host) and parts.netloc == host and parts.scheme in ("http", "https")


def check_change(scope: Scope, urls: Urls, session: DeskSession, sent_token: str | None) -> None:
    """Refuse (Forbidden) a cookie-authenticated change without the token or from elsewhere."""
    if not sent_token or not hmac.compare_digest(sent_token, session.csrf_token):
        raise Forbidden(_UNCHECKED_CHANGE)
    if not from_this_site(scope, urls):
        raise Forbidden(_OTHER_SITE)


async def sent_csrf_token(request: Request) -> str | None:
    """The token a request carries: the header, else the form field."""
    sent = header(request.scope, CSRF_HEADER).decode("latin-1")
    if sent:
        return sent
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


def _app(request: Request) -> Dateline:
    return request.app.state.dateline  # type: ignore[no-any-return]


async def _desk_session(request: Request) -> DeskSession:
    """The signed-in session; signed out → sign in first; a change → its CSRF checked."""
    app = _app(request)
    session = await session_of(app.database, request.scope)
    if session is None:
        path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInNeeded(path)
    if request.method not in SAFE_METHODS:
        check_change(request.scope, app.urls, session, await sent_csrf_token(request))
    return session


async def _desk_actor(session: Annotated[DeskSession, Depends(_desk_session)]) -> Actor:
    return session.actor


# A desk page's signed-in person (or its session, for the CSRF token). Every desk route
# takes one of these: signed out it redirects to sign-in; a POST is CSRF-checked.
DeskActor = Annotated[Actor, Depends(_desk_actor)]
DeskSessionOf = Annotated[DeskSession, Depends(_desk_session)]


def set_session_cookie(response: Response, urls: Urls, token: str) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path=urls.path("/"),
        httponly=True,
        samesite="lax",
        secure=urls.secure,
    )


def clear_session_cookie(response: Response, urls: Urls) -> None:
    response.delete_cookie(
        COOKIE, path=urls.path("/"), httponly=True, samesite="lax", secure=urls.secure
    )


async def actor_from_cookie(database: Database, urls: Urls, scope: Scope) -> Actor | None:
    """For the JSON API: the session's person, its change checked for the CSRF header."""
    session = await session_of(database, scope)
    if session is None:
        return None
    if scope["method"] not in SAFE_METHODS:
        check_change(scope, urls, session, header(scope, CSRF_HEADER).decode("latin-1") or None)
    return session.actor
