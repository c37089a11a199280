"""Media items: a picture Dateline keeps, in the sizes and formats it was stored in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .errors import Invalid
from .fields import FieldReader

MAX_ALT = 500
MAX_CAPTION = 1000
MAX_CREDIT = 500


@dataclass(frozen=True)
class Rendition:
    """One stored file of a picture: `name` is content-addressed (`<hash>.<ext>`)."""

    name: str
    width: int
    height: int
    media_type: str


@dataclass(frozen=True)
class MediaItem:
    id: str  # the hash of the clean full-size file
    media_type: str  # of the original's format: image/jpeg, image/png, image/webp
    width: int
    height: int
    renditions: tuple[Rendition, ...]
    alt: str = ""
    caption: str = ""
    credit: str = ""
    source_url: str = ""  # where a captured picture came from; empty for uploads
    created_by: str | None = None
    created_at: datetime | None = None

    @property
    def original(self) -> Rendition:
        """The full-size file in the upload's own format."""
        own = [r for r in self.renditions if r.media_type == self.media_type]
        return max(own, key=lambda r: r.width)

    def fallback(self, width: int = 1024) -> Rendition:
        """The file for `<img src>`: own format, the widest not over `width`."""
        own = sorted(
            (r for r in self.renditions if r.media_type == self.media_type), key=lambda r: r.width
        )
        fitting = [r for r in own if r.width <= width]
        return fitting[-1] if fitting else own[0]

    def sizes_in(self, media_type: str) -> tuple[Rendition, ...]:
        """Every width kept in one format, narrowest first (for `srcset`)."""
        found = (r for r in self.renditions if r.media_type == media_type)
        return tuple(sorted(found, key=lambda r: r.width))


def check_picture_words(raw: Mapping[str, Any]) -> dict[str, str]:
    """Alt text (required), caption and credit of a picture, checked at the edge by the
    one text rule; runs of spaces and line breaks become single spaces."""
    r = FieldReader(raw)
    alt = r.text("alt", limit=MAX_ALT, message="describe the picture for readers who cannot see it")
    out = {
        "alt": " ".join(alt.split()),
        "caption": " ".join(r.text("caption", required=False, limit=MAX_CAPTION).split()),
        "credit": " ".join(r.text("credit", required=False, limit=MAX_CREDIT).split()),
    }
    r.problems.raise_if_any()
    return out


def rendition_dicts(item: MediaItem) -> list[dict[str, Any]]:
    return [
        {"name": r.name, "width": r.width, "height": r.height, "media_type": r.media_type}
        for r in item.renditions
    ]


def renditions_from(raw: list[Mapping[str, Any]]) -> tuple[Rendition, ...]:
    try:
        return tuple(
            Rendition(str(r["name"]), int(r["width"]), int(r["height"]), str(r["media_type"]))
            for r in raw
        )
    except (KeyError, TypeError, ValueError):
        raise Invalid.one("renditions", "is not a list of stored files") from None
