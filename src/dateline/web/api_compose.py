"""JSON API for the desk's composer: a preview rendered as readers will see it, and an
update's Markdown source for editing, with what an edit changes against the saved text.

The preview is what the composer publishes: it answers the blocks the Markdown makes
(embeds and pictures already in the update keep their snapshots), so the page sends
exactly what its writer saw.
"""

from __future__ import annotations

import asyncio
import difflib
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from ..domain.blocks import Block, block_to_dict, parse_blocks
from ..domain.errors import Invalid, NotFound
from ..domain.post import Post, check_post_fields
from ..domain.roles import Actor
from ..domain.visibility import may_see_history
from ..render.markdown_source import keep_embeds, markdown_of
from ..store import queries
from ..store.media import with_pictures
from .auth import Writer
from .deps import App
from .params import PostId, Slug

if TYPE_CHECKING:
    from .app import Dateline

router = APIRouter(prefix="/api/v1/blogs/{slug}", tags=["desk"])


class PictureIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    media_id: str = Field(description="The id `POST /api/v1/media` answered.")
    alt: str = ""
    caption: str = ""
    credit: str = ""


class PreviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    body: str = Field("", description="The update as Markdown.")
    picture: PictureIn | None = Field(None, description="An uploaded picture to lead with.")
    edit_of: int | None = Field(
        None, description="The update being edited: its embeds keep their snapshots, "
        "and `diff` says what changes against its saved text."
    )  # fmt: skip


class DiffLine(BaseModel):
    op: Literal["same", "added", "removed"]
    text: str


class PreviewOut(BaseModel):
    html: str
    blocks: list[dict[str, Any]]
    diff: list[DiffLine] | None = None
    changed: bool | None = Field(
        None, description="With `edit_of`: whether the blocks differ from the saved ones "
        "(an edit of a published update's text is a correction)."
    )  # fmt: skip


class SourceOut(BaseModel):
    id: int
    version: int
    status: str
    markdown: str


@router.post("/preview", response_model=PreviewOut)
async def preview(app: App, slug: Slug, payload: PreviewIn, actor: Writer) -> dict[str, Any]:
    """The update as readers would see it, and the blocks to publish for it. Writes nothing."""
    blog = await app.database.read(queries.get_blog, slug)
    before = await _editable(app, blog.id, payload.edit_of, actor) if payload.edit_of else None
    blocks = await _blocks(payload)
    if before is not None:
        blocks = keep_embeds(before.blocks, blocks)
    blocks = await app.database.read(with_pictures, blocks, "picture")
    now = datetime.now(UTC)
    shown = Post(
        id=before.id if before else 0, blog_id=blog.id, kind="update", status="published",
        blocks=blocks, published_at=(before.published_at if before else None) or now,
        authors=before.authors if before else (), created_at=now, updated_at=now,
    )  # fmt: skip
    html = app.renderer.template(
        "update.html", post=shown, blog=blog, variant="preview", loose_claims=[], quoted_claims={}
    )
    diff = _diff(markdown_of(before.blocks), payload.body) if before is not None else None
    changed = before.blocks != blocks if before is not None else None
    return {
        "html": html,
        "blocks": [block_to_dict(b) for b in blocks],
        "diff": diff,
        "changed": changed,
    }


@router.get("/posts/{post_id}/source", response_model=SourceOut)
async def source(
    app: App, slug: Slug, post_id: PostId, actor: Writer, response: Response
) -> dict[str, Any]:
    """The update as Markdown, for editing, with the version to send back."""
    blog = await app.database.read(queries.get_blog, slug)
    post = await _editable(app, blog.id, post_id, actor)
    response.headers["Cache-Control"] = "private, no-store"
    return {
        "id": post.id,
        "version": post.version,
        "status": post.status,
        "markdown": markdown_of(post.blocks),
    }


async def _editable(app: Dateline, blog_id: int, post_id: int, actor: Actor) -> Post:
    post: Post = await app.database.read(queries.get_post, blog_id, post_id)
    if not may_see_history(post, actor):
        raise NotFound("update", post_id)
    return post


async def _blocks(payload: PreviewIn) -> tuple[Block, ...]:
    """Parse off the event loop, through the same checks as a publish."""

    def parse() -> tuple[Block, ...]:
        blocks: tuple[Block, ...] = ()
        if payload.picture is not None:
            raw = {"type": "image", **payload.picture.model_dump()}
            blocks = parse_blocks([raw], "picture")
        if payload.body.strip():
            blocks += check_post_fields({"body": payload.body}, creating=True)["blocks"]
        if not blocks:
            raise Invalid.one("body", "has no content: write the update, or attach a picture")
        return blocks

    return await asyncio.get_running_loop().run_in_executor(None, parse)


def _diff(saved: str, edited: str) -> list[dict[str, str]]:
    """Line by line, what the edit keeps, adds and removes."""
    ops = {" ": "same", "+": "added", "-": "removed"}
    lines = difflib.ndiff(saved.strip().splitlines(), edited.strip().splitlines())
    return [{"op": ops[line[0]], "text": line[2:]} for line in lines if line[0] in ops]
