"""JSON API: API tokens. Made (the secret shown once), listed without secrets, revoked.

Admins manage everyone's tokens; anyone else only their own. A revoked token stops
working on the next request: every request looks its token up afresh.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from ..domain.documents import document
from ..domain.errors import Forbidden
from ..domain.roles import Role
from ..domain.tokens import ApiToken
from ..store import people
from .auth import Writer
from .deps import App
from .params import MAX_ID
from .shapes import output_model

router = APIRouter(prefix="/api/v1/tokens", tags=["tokens"])
TokenId = Annotated[int, Path(ge=1, le=MAX_ID, description="The token's id.")]

TokenOut = output_model(ApiToken)
NewTokenOut = output_model(
    ApiToken,
    token=(str, Field(description="The secret: shown this once, kept only as a hash.")),
)


class TokenList(BaseModel):
    items: list[TokenOut]  # type: ignore[valid-type]


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user: str | None = Field(
        None, max_length=100, description="Whose token (admins only; default: yours)."
    )
    label: str = Field("", description="A note to recognise the token by.")


@router.get("", response_model=TokenList)
async def list_tokens(
    app: App,
    actor: Writer,
    response: Response,
    user: Annotated[str | None, Query(max_length=100, description="Only this person's.")] = None,
) -> Any:
    """Tokens, oldest first, revoked ones too; never their secrets. Admins see everyone's
    (or one person's with `user`); anyone else their own."""
    if actor.role is not Role.ADMIN:
        if user is not None and user != actor.name:
            raise Forbidden("Only an admin can list someone else's tokens.")
        user = actor.name
    found = await app.database.read(people.list_tokens, user)
    response.headers["Cache-Control"] = "private, no-store"
    return {"items": [document(t) for t in found]}


@router.post("", status_code=201, response_model=NewTokenOut)
async def create_token(app: App, payload: TokenCreate, actor: Writer, response: Response) -> Any:
    """Make a token (for yourself; an admin for anyone). The answer is the only time the
    secret is shown."""
    user = payload.user or actor.name
    made, secret = await app.database.write(people.issue_token, user, payload.label, by=actor)
    response.headers["Cache-Control"] = "no-store"
    return {**document(made), "token": secret}


@router.delete("/{token_id}", response_model=TokenOut)
async def revoke_token(app: App, token_id: TokenId, actor: Writer) -> Any:
    """Revoke a token: it lets no one in from the next request on. Revoking one twice is
    harmless. Someone else's token is not found unless you are an admin."""
    revoked = await app.database.write(people.revoke_token, token_id, by=actor)
    return document(revoked)
