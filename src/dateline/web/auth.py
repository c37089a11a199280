"""Who is calling: bearer tokens for the API. Checked on the server for every write."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ..domain.errors import NotAuthenticated
from ..domain.roles import Actor
from ..store.people import actor_for_token

_bearer = HTTPBearer(auto_error=False, description="An API token from `dateline token create`.")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def optional_actor(request: Request, credentials: Credentials) -> Actor | None:
    """The caller, if they sent a token; a bad token is an error, not anonymity."""
    if credentials is None:
        return None
    database = request.app.state.dateline.database
    actor: Actor = await database.read(actor_for_token, credentials.credentials)
    return actor


async def required_actor(request: Request, credentials: Credentials) -> Actor:
    actor = await optional_actor(request, credentials)
    if actor is None:
        raise NotAuthenticated(
            "This needs an API token: send `Authorization: Bearer <token>`. "
            "Create one with `dateline token create --user NAME`."
        )
    return actor


Writer = Annotated[Actor, Depends(required_actor)]
MaybeActor = Annotated[Actor | None, Depends(optional_actor)]
