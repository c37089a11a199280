"""What templates need to show embeds: providers' names, players, pictures on this site.

A card shows only what Dateline holds itself: a picture is shown when it is a
kept copy (served from the media store) or a path on this site, and is
otherwise named with a link to where it was. A player's address is derived from
the embed's canonical URL by the recogniser, never taken from the block, so no
stored value can point an iframe anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..domain.blocks import Block, Image, Media
from ..domain.embed_urls import LINK, PROVIDERS, Provider, recognise
from ..domain.errors import Invalid
from ..domain.media import Rendition
from ..domain.times import html_iso

# How a card writes a post's date (the reader page is in English for now).
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Player:
    """A provider's player, loaded only when the reader asks."""

    src: str
    provider: Provider


def provider_of(block: Block) -> Provider:
    """The provider an embed came from (X, YouTube …), or the plain "link" provider."""
    key = getattr(block, "network", "") or getattr(block, "provider", "")
    url = str(getattr(block, "url", ""))
    if key == "mastodon" or key not in PROVIDERS:
        try:
            return recognise(url).provider
        except Invalid:
            return LINK
    return PROVIDERS[key]


def site_name(block: Block) -> str:
    """Who to name as the origin: the provider, else the page's own site or host."""
    provider = provider_of(block)
    if provider.key == "mastodon" and provider.domain:
        return f"Mastodon ({provider.domain})"
    if provider.key != "link":
        return provider.name
    named = str(getattr(block, "site_name", ""))
    url = str(getattr(block, "url", ""))
    host = url.split("/")[2] if "//" in url else ""
    return named or host


def player(block: Block) -> Player | None:
    """The click-to-load player for a provider's video, if it has one."""
    url = str(getattr(block, "url", ""))
    if not url.startswith("http"):
        return None
    try:
        target = recognise(url)
    except Invalid:
        return None
    if target.kind != "video" or not target.player_url:
        return None
    return Player(target.player_url, target.provider)


def is_site_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//")


def shown(media: tuple[Media, ...]) -> list[Media]:
    """The pictures a card may show: kept copies and pictures on this site."""
    return [m for m in media if m.kept or is_site_path(m.url)]


def not_kept(media: tuple[Media, ...]) -> list[Media]:
    """Pictures the original showed that Dateline does not hold (named, linked, not loaded)."""
    return [m for m in media if not (m.kept or is_site_path(m.url))]


def posted(value: datetime | date | None) -> str:
    """A post's date as readers read it: `December 12, 2016`."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def posted_iso(value: datetime | date | None) -> str | None:
    """For `<time datetime>`: the instant in UTC, or the day alone."""
    if isinstance(value, datetime):
        return html_iso(value)
    return value.isoformat() if isinstance(value, date) else None


def picture_sources(block: Image) -> dict[str, Any]:
    """srcset/sizes for an uploaded picture: WebP, and the upload's own format as fallback."""
    own_type = _own_type(block.renditions)
    own = sorted((r for r in block.renditions if r.media_type == own_type), key=lambda r: r.width)
    webp = sorted(
        (r for r in block.renditions if r.media_type == "image/webp"), key=lambda r: r.width
    )
    fitting = [r for r in own if r.width <= 1024] or own[:1]
    return {"own": own, "webp": webp if own_type != "image/webp" else [], "fallback": fitting[-1]}


def _own_type(renditions: tuple[Rendition, ...]) -> str:
    types = {r.media_type for r in renditions}
    others = types - {"image/webp"}
    return others.pop() if others else "image/webp"


def filters() -> dict[str, Any]:
    return {
        "provider_of": provider_of,
        "site_name": site_name,
        "player": player,
        "shown": shown,
        "not_kept": not_kept,
        "posted": posted,
        "posted_iso": posted_iso,
        "picture_sources": picture_sources,
    }
