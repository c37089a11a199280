"""Pictures: uploaded from the desk or the API, served from Dateline's own address.

`POST /api/v1/media` (multipart: `file`, `alt`, optional `caption` and `credit`)
checks the picture by its content, strips its metadata, keeps it at a few
widths in its own format and WebP, and answers 201 with its id; an image block
then names it by `media_id`. Files are served under content-addressed names
from `/media/<name>`, cacheable for a year.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Response, UploadFile
from pydantic import BaseModel

from ..domain.errors import Invalid, NotFound
from ..domain.media import MediaItem, check_picture_words
from ..domain.times import iso
from ..media.images import ImageRejected
from ..media.storage import StorageError, check_name, media_type_of
from ..settings import Settings
from ..store.media import get_media
from ..urls import Urls
from .auth import Writer
from .deps import App

router = APIRouter(tags=["media"])
# A form carries a little more than its file: boundaries, alt text, caption, credit.
FORM_OVERHEAD = 64 * 1024
# A file's name is the hash of its bytes: it never changes, so it may be kept for a year.
IMMUTABLE = "public, max-age=31536000, immutable"


class RenditionOut(BaseModel):
    url: str
    width: int
    height: int
    media_type: str


class MediaOut(BaseModel):
    id: str
    url: str
    width: int
    height: int
    media_type: str
    alt: str
    caption: str
    credit: str
    renditions: list[RenditionOut]
    created_at: str | None


def body_limit(settings: Settings) -> int:
    """The largest upload request read: the largest picture, and the form around it."""
    return settings.max_upload_bytes + FORM_OVERHEAD


def media_json(item: MediaItem, urls: Urls) -> dict[str, Any]:
    return {
        "id": item.id,
        "url": urls.media(item.original.name, absolute=True),
        "width": item.width,
        "height": item.height,
        "media_type": item.media_type,
        "alt": item.alt,
        "caption": item.caption,
        "credit": item.credit,
        "renditions": [
            {
                "url": urls.media(r.name, absolute=True),
                "width": r.width,
                "height": r.height,
                "media_type": r.media_type,
            }
            for r in item.renditions
        ],
        "created_at": iso(item.created_at),
    }


@router.post("/api/v1/media", status_code=201, response_model=MediaOut)
async def upload(
    app: App,
    actor: Writer,
    file: Annotated[UploadFile | None, File(description="A JPEG, PNG, WebP or GIF.")] = None,
    alt: Annotated[str, Form(description="What the picture shows, for readers.")] = "",
    caption: Annotated[str, Form()] = "",
    credit: Annotated[str, Form()] = "",
) -> dict[str, Any]:
    """Upload a picture. Its EXIF and GPS metadata are removed before anything is kept."""
    words = check_picture_words({"alt": alt, "caption": caption, "credit": credit})
    if file is None:
        raise Invalid.one("file", "is required: send the picture as the form's `file`")
    content = await file.read()
    try:
        item = await app.media.library.add_picture(content, **words, actor=actor.name)
    except ImageRejected as rejected:
        raise Invalid.one("file", str(rejected)) from None
    return media_json(item, app.urls)


@router.get("/api/v1/media/{media_id}", response_model=MediaOut)
async def describe(app: App, media_id: str, actor: Writer) -> dict[str, Any]:
    """One uploaded picture: its files, size and words."""
    return media_json(await app.database.read(get_media, media_id), app.urls)


@router.get("/media/{name}", include_in_schema=False)
async def media_file(app: App, name: str) -> Response:
    """A stored file. Only content-addressed names exist, so each may be cached for ever."""
    try:
        check_name(name)
        content = await app.media.storage.get(name)
    except StorageError:
        content = None
    if content is None:
        raise NotFound("media file", name)
    return Response(
        content,
        media_type=media_type_of(name),
        headers={
            "Cache-Control": IMMUTABLE,
            "ETag": f'"{name.split(".")[0]}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
