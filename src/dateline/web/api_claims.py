"""JSON API: a blog's claims, and their status changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Response

from ..domain.blog import Blog
from ..domain.errors import NotFound
from ..domain.roles import Actor
from ..domain.visibility import may_see_blog
from ..store import claim_commands, queries
from ..store.claim_commands import ClaimOutcome
from ..store.claim_queries import dossiers
from .auth import MaybeActor, Writer
from .deps import App
from .params import MAX_ID, Slug
from .schemas import ClaimCreate, ClaimList, ClaimOut, ClaimPatch
from .views import claim_json

if TYPE_CHECKING:
    from .app import Dateline

router = APIRouter(prefix="/api/v1/blogs/{slug}/claims", tags=["claims"])
ClaimId = Annotated[int, Path(ge=1, le=MAX_ID, description="The claim's id.")]


async def _blog(app: Dateline, slug: str, actor: Actor | None) -> Blog:
    blog = await app.database.read(queries.get_blog, slug)
    if not may_see_blog(blog, actor):
        raise NotFound("blog", slug)
    return blog


async def _one(
    app: Dateline, blog: Blog, claim_id: int, actor: Actor | None, seq: int | None = None
) -> dict[str, Any]:
    found = await app.database.read(dossiers, blog, actor, only=claim_id)
    if not found:
        raise NotFound("claim", claim_id)
    return claim_json(found[0], blog.slug, app.urls, seq=seq)


def _private(response: Response, actor: Actor | None) -> None:
    if actor is not None:
        response.headers["Cache-Control"] = "private, no-store"


@router.get("", response_model=ClaimList)
async def list_claims(app: App, slug: Slug, actor: MaybeActor, response: Response) -> Any:
    """Every claim in the blog, oldest first, each with its history and the updates
    carrying it. Readers see claims once a published update carries them; the desk
    (with a token) sees every claim."""
    blog = await _blog(app, slug, actor)
    found = await app.database.read(dossiers, blog, actor)
    _private(response, actor)
    return {"items": [claim_json(d, slug, app.urls) for d in found]}


@router.post("", status_code=201, response_model=ClaimOut)
async def create_claim(app: App, slug: Slug, payload: ClaimCreate, actor: Writer) -> Any:
    """Record a claim (unverified unless an editor says otherwise). Attach it to updates
    by sending `claims: [id]` with them."""
    outcome: ClaimOutcome = await app.database.write(
        claim_commands.create_claim, slug, payload.model_dump(exclude_unset=True), actor
    )
    blog = await _blog(app, slug, actor)
    return await _one(app, blog, outcome.claim.id, actor, seq=outcome.seq)


@router.get("/{claim_id}", response_model=ClaimOut)
async def get_claim_json(
    app: App, slug: Slug, claim_id: ClaimId, actor: MaybeActor, response: Response
) -> Any:
    blog = await _blog(app, slug, actor)
    _private(response, actor)
    return await _one(app, blog, claim_id, actor)


@router.patch("/{claim_id}", response_model=ClaimOut)
async def change_claim(
    app: App, slug: Slug, claim_id: ClaimId, payload: ClaimPatch, actor: Writer
) -> Any:
    """Change a claim's status (with a `note` saying why, and the `post_id` of the update
    that reports it), from the `version` you loaded: 409 with `current_version` if
    someone changed it since. Every open page's badges change at once."""
    raw = payload.model_dump(exclude_unset=True)
    version = raw.pop("version")
    outcome: ClaimOutcome = await app.database.write(
        claim_commands.change_claim, slug, claim_id, raw, actor, version=version
    )
    blog = await _blog(app, slug, actor)
    return await _one(app, blog, outcome.claim.id, actor, seq=outcome.seq)
