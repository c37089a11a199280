"""Who is calling: a bearer token, or the desk's session cookie. Checked on the server
for every write, before the request's body is read (see limits.py).

The desk's own script uses this same API with the session cookie, under the same
role checks as everyone; a write by cookie also needs the CSRF header and must come
from this site (see desk/session.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.types import Scope

from ..domain.errors import NotAuthenticated
from ..domain.roles import Actor
from ..store.database import Database
from ..store.people import actor_for_token
from ..urls import Urls
from .desk.session import actor_from_cookie
from .http import header
from .limits import ACTOR_KEY, Authenticate

_HELP = "An API token from `dateline token create`."
# Two names for the same header, so the OpenAPI document can say where a token is
# optional (public reads) and where it is needed (see openapi.py).
_token = HTTPBearer(auto_error=False, scheme_name="Bearer", description=_HELP)
_optional_token = HTTPBearer(auto_error=False, scheme_name="BearerOptional", description=_HELP)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_token)]
OptionalCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_optional_token)]
_HOW_TO_SIGN = (
    "This needs an API token: send `Authorization: Bearer <token>`. "
    "Create one with `dateline token create --user NAME`."
)


def authenticate_writer(database: Database, urls: Urls) -> Authenticate:
    """The check `RequestLimits` runs on every API write, before reading its body."""

    async def authenticate(scope: Scope) -> Actor | None:
        sent = header(scope, b"authorization").decode("latin-1")
        if not sent:
            by_cookie = await actor_from_cookie(database, urls, scope)
            if by_cookie is not None:
                return by_cookie
        scheme, _, token = sent.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated(_HOW_TO_SIGN)
        actor: Actor = await database.read(actor_for_token, token.strip())
        return actor

    return authenticate


async def optional_actor(request: Request, credentials: OptionalCredentials) -> Actor | None:
    """The caller, if they sent a token; a bad token is an error, not anonymity."""
    return await _actor(request, credentials)


async def _actor(
    request: Request, credentials: HTTPAuthorizationCredentials | None
) -> Actor | None:
    known: Actor | None = request.scope.get("state", {}).get(ACTOR_KEY)
    if known is not None:
        return known
    dateline = request.app.state.dateline
    if credentials is None:
        # A desk session (the editors' audit view, the desk's script): reads need no CSRF.
        return await actor_from_cookie(dateline.database, dateline.urls, request.scope)
    actor: Actor = await dateline.database.read(actor_for_token, credentials.credentials)
    return actor


async def required_actor(request: Request, credentials: Credentials) -> Actor:
    actor = await _actor(request, credentials)
    if actor is None:
        raise NotAuthenticated(_HOW_TO_SIGN)
    return actor


Writer = Annotated[Actor, Depends(required_actor)]
MaybeActor = Annotated[Actor | None, Depends(optional_actor)]
