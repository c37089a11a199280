"""JSON API: the newsroom's source registry (the desk's: every call needs a token)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from ..store import sources
from .auth import Writer
from .deps import App
from .params import MAX_ID
from .schemas import SourceCreate, SourceList, SourceOut, SourcePatch
from .views import source_json

router = APIRouter(prefix="/api/v1/sources", tags=["sources"])
SourceId = Annotated[int, Path(ge=1, le=MAX_ID, description="The source's id.")]


@router.get("", response_model=SourceList)
async def list_sources(app: App, actor: Writer, response: Response) -> Any:
    """Every source, by name, with the desk's note on its reliability: what the desk is
    offered when it attaches a claim."""
    found = await app.database.read(sources.list_sources)
    response.headers["Cache-Control"] = "private, no-store"
    return {"items": [source_json(s, app.urls) for s in found]}


@router.post("", status_code=201, response_model=SourceOut)
async def create_source(app: App, payload: SourceCreate, actor: Writer) -> Any:
    """Add a source: a name, a kind, its handles and addresses, a note on reliability."""
    raw = payload.model_dump(exclude_unset=True)
    source = await app.database.write(sources.create_source, raw, actor)
    return source_json(source, app.urls)


@router.get("/{source_id}", response_model=SourceOut)
async def get_source(app: App, source_id: SourceId, actor: Writer, response: Response) -> Any:
    source = await app.database.read(sources.get_source, source_id)
    response.headers["Cache-Control"] = "private, no-store"
    return source_json(source, app.urls)


@router.patch("/{source_id}", response_model=SourceOut)
async def edit_source(app: App, source_id: SourceId, payload: SourcePatch, actor: Writer) -> Any:
    """Edit a source from the `version` you loaded (409 with `current_version` if stale)."""
    raw = payload.model_dump(exclude_unset=True)
    version = raw.pop("version")
    source = await app.database.write(sources.edit_source, source_id, raw, actor, version=version)
    return source_json(source, app.urls)
