"""The embeds of an update, for editors: what was captured, what failed, and corrections.

`GET …/posts/{id}/embeds` lists each embed block with its capture's state;
`PATCH …/embeds/{index}` fills or corrects a snapshot's fields (an edit of the
update, with its version, so open pages redraw the card); `POST
…/embeds/{index}/capture` asks for a fresh capture in the background.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict

from ..domain.blocks import block_to_dict
from ..domain.embeds import EDITABLE, EMBED_TYPES, needs_capture
from ..domain.errors import NotFound
from ..domain.visibility import may_see_history
from ..store import captures, embed_commands, queries
from .auth import Writer
from .deps import App
from .params import PostId, Slug
from .schemas import PostOut
from .views import post_json

router = APIRouter(prefix="/api/v1/blogs/{slug}/posts/{post_id}/embeds", tags=["embeds"])
Index = Annotated[int, Path(ge=0, le=59, description="The block's place in the update.")]


class CaptureOut(BaseModel):
    state: str  # pending, done, gave_up
    attempts: int
    last_error: str


class EmbedOut(BaseModel):
    index: int
    type: str
    url: str
    status: str  # waiting, captured, filled (by an editor), or failed
    editable: list[str]
    capture: CaptureOut | None
    block: dict[str, Any]


class EmbedList(BaseModel):
    version: int
    items: list[EmbedOut]


class SnapshotFields(BaseModel):
    """Any of the fields an embed's type takes (see `editable` in the list)."""

    model_config = ConfigDict(extra="allow")
    version: int


@router.get("", response_model=EmbedList)
async def list_embeds(app: App, slug: Slug, post_id: PostId, actor: Writer) -> dict[str, Any]:
    """The update's embeds, each with the state of its latest capture."""
    blog = await app.database.read(queries.get_blog, slug)
    post = await app.database.read(queries.get_post, blog.id, post_id)
    if not may_see_history(post, actor):
        raise NotFound("update", post_id)
    jobs = {job.url: job for job in await app.database.read(captures.jobs_for_post, post.id)}
    items = []
    for index, block in enumerate(post.blocks):
        if not isinstance(block, EMBED_TYPES):
            continue
        job = jobs.get(block.url)
        if needs_capture(block):
            status = "failed" if job and job.state == "gave_up" else "waiting"
        else:
            status = "captured" if block.captured_at else "filled"
        items.append(
            {
                "index": index,
                "type": block.type,
                "url": block.url,
                "status": status,
                "editable": list(EDITABLE[block.type]),
                "capture": None
                if job is None
                else {"state": job.state, "attempts": job.attempts, "last_error": job.last_error},
                "block": block_to_dict(block),
            }
        )
    return {"version": post.version, "items": items}


@router.patch("/{index}", response_model=PostOut)
async def correct(
    app: App, slug: Slug, post_id: PostId, index: Index, payload: SnapshotFields, actor: Writer
) -> dict[str, Any]:
    """Fill or correct the snapshot of the `index`-th block. 409 if the update changed."""
    raw = payload.model_dump()
    version = raw.pop("version")
    outcome = await app.database.write(
        embed_commands.correct_snapshot, slug, post_id, index, raw, actor, version=version
    )
    return post_json(outcome.post, slug, app.urls, seq=outcome.seq)


@router.post("/{index}/capture", status_code=202)
async def capture_again(
    app: App, slug: Slug, post_id: PostId, index: Index, actor: Writer
) -> dict[str, Any]:
    """Capture the embed again in the background; the card updates when it arrives."""
    job = await app.database.write(embed_commands.recapture, slug, post_id, index, actor)
    app.media.runner.wake()
    return {"queued": job}
