"""JSON API: the site's settings (publisher, logo, home URL, language). Admins only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from ..domain.errors import Invalid
from ..domain.roles import Role, require
from ..store.media import get_media
from ..store.site_settings import set_site, stored_site, unset_site
from .auth import Writer
from .deps import App

router = APIRouter(prefix="/api/v1/site", tags=["site"])


class SitePatch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    publisher_name: str | None = Field(None, description="The newsroom's name.")
    publisher_logo: str | None = Field(
        None, description="An http(s) URL or a path on this site; empty to clear."
    )
    publisher_logo_media_id: str | None = Field(
        None, description="An uploaded picture's id, instead of `publisher_logo`."
    )
    home_url: str | None = Field(None, description="The newsroom's home page; empty to clear.")
    language: str | None = Field(None, description="BCP 47 tag for what belongs to no blog.")
    unset: list[str] | None = Field(
        None, description="Settings to forget, so the environment's value applies again."
    )


class SiteOut(BaseModel):
    publisher_name: str
    publisher_logo: str
    home_url: str
    language: str
    stored: list[str] = Field(description="Settings set here; the others come from DATELINE_*.")


@router.get("", response_model=SiteOut)
async def get_site(app: App, actor: Writer, response: Response) -> Any:
    require(actor.role, Role.ADMIN, "Reading the site's settings")
    response.headers["Cache-Control"] = "private, no-store"
    return app.distribution.site.describe(await app.database.read(stored_site))


@router.patch("", response_model=SiteOut)
async def patch_site(app: App, payload: SitePatch, actor: Writer) -> Any:
    """Set the publisher's name, logo, home URL or the site's language."""
    require(actor.role, Role.ADMIN, "Changing the site's settings")
    raw = payload.model_dump(exclude_unset=True)
    forget = raw.pop("unset", None) or []
    media_id = raw.pop("publisher_logo_media_id", None)
    if media_id is not None:
        if "publisher_logo" in raw:
            raise Invalid.one("publisher_logo_media_id", "send a logo URL or a media id, not both")
        item = await app.database.read(get_media, media_id)
        raw["publisher_logo"] = app.urls.media(item.fallback(512).name, absolute=True)
    stored = await app.database.write(set_site, raw, actor)
    if forget:
        stored = await app.database.write(unset_site, forget, actor)
    await app.distribution.site.refresh()
    return app.distribution.site.describe(stored)
