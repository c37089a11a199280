"""The blocks an update is made of, and the rules each must follow.

A block is a plain frozen dataclass. `parse_block` turns the JSON form (what the
API takes and the store keeps) into a block, checking every field; `block_to_dict`
is its inverse. User HTML is sanitised here, on the way in, so every stored block
is already safe to render.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from .errors import Collector, Invalid
from .language import Direction, direction_of, is_language_tag
from .sanitise import plain_text, sanitise_html
from .times import parse_instant

MAX_TEXT = 20_000
MAX_SHORT = 500


@dataclass(frozen=True)
class Media:
    """A photo or video attached to a social post snapshot."""

    url: str
    alt: str = ""
    kind: str = "image"


@dataclass(frozen=True)
class Block:
    """Fields every block has: the language and direction of its text."""

    lang: str | None = field(default=None, kw_only=True)
    dir: Direction | None = field(default=None, kw_only=True)

    type = "block"

    @property
    def direction(self) -> Direction | None:
        """The explicit direction, or the one implied by `lang`."""
        if self.dir:
            return self.dir
        return direction_of(self.lang) if self.lang else None


@dataclass(frozen=True)
class Text(Block):
    """Rich text: paragraphs, emphasis, links, lists. Sanitised HTML."""

    html: str
    type = "text"


@dataclass(frozen=True)
class Heading(Block):
    """A section heading inside an update or the intro entry."""

    text: str
    level: int = 2
    type = "heading"


@dataclass(frozen=True)
class Quote(Block):
    """A quoted statement with who said it."""

    text: str
    attribution: str = ""
    source_url: str = ""
    type = "quote"


@dataclass(frozen=True)
class SocialPost(Block):
    """A durable snapshot of a social-media post: it renders after the original is gone."""

    url: str
    author_name: str
    handle: str
    text: str
    posted_at: datetime | None = None
    network: str = "social"
    media: tuple[Media, ...] = ()
    type = "social"


@dataclass(frozen=True)
class Image(Block):
    """A photo or graphic with its caption and credit."""

    url: str
    alt: str
    caption: str = ""
    credit: str = ""
    width: int | None = None
    height: int | None = None
    type = "image"


@dataclass(frozen=True)
class Video(Block):
    """A video file or page, shown as a player or a poster linking to it."""

    url: str
    caption: str = ""
    credit: str = ""
    poster_url: str = ""
    type = "video"


@dataclass(frozen=True)
class LinkCard(Block):
    """A link to another page, shown as a card."""

    url: str
    title: str = ""
    description: str = ""
    site_name: str = ""
    image_url: str = ""
    type = "link"


BLOCK_TYPES: dict[str, type[Block]] = {
    cls.type: cls for cls in (Text, Heading, Quote, SocialPost, Image, Video, LinkCard)
}


def parse_blocks(raw: object, field_name: str = "blocks") -> tuple[Block, ...]:
    """Parse and check a list of JSON blocks, naming every bad field (`blocks[2].url`)."""
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes):
        raise Invalid.one(field_name, "must be a list of blocks")
    problems = Collector()
    blocks: list[Block] = []
    for index, item in enumerate(raw):
        try:
            blocks.append(parse_block(item))
        except Invalid as error:
            problems.extend(error, prefix=f"{field_name}[{index}].")
    problems.raise_if_any()
    return tuple(blocks)


def parse_block(raw: object) -> Block:
    """Parse one JSON block; field names in errors are relative to the block."""
    if not isinstance(raw, Mapping):
        raise Invalid.one("type", "each block must be an object with a `type`")
    kind = raw.get("type")
    cls = BLOCK_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        known = ", ".join(sorted(BLOCK_TYPES))
        raise Invalid.one("type", f"unknown block type {kind!r}; use one of: {known}")
    reader = _Reader(raw)
    lang = reader.text("lang", required=False, limit=35)
    direction = reader.choice("dir", ("ltr", "rtl"), required=False)
    if lang and not is_language_tag(lang):
        reader.problems.add("lang", f"{lang!r} is not a language tag such as 'en' or 'ar'")
    common: dict[str, Any] = {"lang": lang or None, "dir": direction or None}
    block = _PARSERS[cls](reader, common)
    reader.problems.raise_if_any()
    return block


def _parse_text(r: _Reader, common: dict[str, Any]) -> Block:
    raw = r.text("html", limit=MAX_TEXT)
    html = sanitise_html(raw)
    if raw and not plain_text(html):
        r.problems.add("html", "is empty once unsafe markup is removed")
    return Text(html=html, **common)


def _parse_heading(r: _Reader, common: dict[str, Any]) -> Block:
    level = r.integer("level", required=False, low=2, high=4)
    return Heading(text=r.text("text", limit=MAX_SHORT), level=level or 2, **common)


def _parse_quote(r: _Reader, common: dict[str, Any]) -> Block:
    return Quote(
        text=r.text("text", limit=MAX_TEXT),
        attribution=r.text("attribution", required=False, limit=MAX_SHORT),
        source_url=r.url("source_url", required=False),
        **common,
    )


def _parse_social(r: _Reader, common: dict[str, Any]) -> Block:
    media: list[Media] = []
    raw_media = r.raw.get("media") or []
    if not isinstance(raw_media, list):
        r.problems.add("media", "must be a list of {url, alt}")
        raw_media = []
    for index, item in enumerate(raw_media):
        if not isinstance(item, Mapping) or not _is_url(item.get("url"), allow_path=True):
            r.problems.add(f"media[{index}].url", "must be an http(s) URL or a path on this site")
            continue
        media.append(
            Media(
                url=str(item["url"]),
                alt=str(item.get("alt") or ""),
                kind="video" if item.get("kind") == "video" else "image",
            )
        )
    handle = r.text("handle", limit=100)
    return SocialPost(
        url=r.url("url"),
        author_name=r.text("author_name", limit=200),
        handle=handle,
        text=r.text("text", limit=MAX_TEXT),
        posted_at=r.instant("posted_at", required=False),
        network=r.text("network", required=False, limit=40) or "social",
        media=tuple(media),
        **common,
    )


def _parse_image(r: _Reader, common: dict[str, Any]) -> Block:
    return Image(
        url=r.url("url", allow_path=True),
        alt=r.text(
            "alt", limit=MAX_SHORT, message="describe the image for readers who cannot see it"
        ),
        caption=r.text("caption", required=False, limit=MAX_SHORT * 2),
        credit=r.text("credit", required=False, limit=MAX_SHORT),
        width=r.integer("width", required=False, low=1, high=20_000),
        height=r.integer("height", required=False, low=1, high=20_000),
        **common,
    )


def _parse_video(r: _Reader, common: dict[str, Any]) -> Block:
    return Video(
        url=r.url("url", allow_path=True),
        caption=r.text("caption", required=False, limit=MAX_SHORT * 2),
        credit=r.text("credit", required=False, limit=MAX_SHORT),
        poster_url=r.url("poster_url", required=False, allow_path=True),
        **common,
    )


def _parse_link(r: _Reader, common: dict[str, Any]) -> Block:
    return LinkCard(
        url=r.url("url"),
        title=r.text("title", required=False, limit=MAX_SHORT),
        description=r.text("description", required=False, limit=MAX_SHORT * 2),
        site_name=r.text("site_name", required=False, limit=200),
        image_url=r.url("image_url", required=False, allow_path=True),
        **common,
    )


_PARSERS = {
    Text: _parse_text,
    Heading: _parse_heading,
    Quote: _parse_quote,
    SocialPost: _parse_social,
    Image: _parse_image,
    Video: _parse_video,
    LinkCard: _parse_link,
}


def block_to_dict(block: Block) -> dict[str, Any]:
    """The JSON form of a block; `parse_block(block_to_dict(b)) == b` for clean input."""
    out: dict[str, Any] = {"type": block.type}
    for f in fields(block):
        value = getattr(block, f.name)
        if value is None or value == "" or value == ():
            continue
        if isinstance(value, datetime):
            value = value.isoformat().replace("+00:00", "Z")
        elif f.name == "media":
            value = [{"url": m.url, "alt": m.alt, "kind": m.kind} for m in value]
        out[f.name] = value
    return out


def _is_url(value: object, allow_path: bool = False) -> bool:
    if not isinstance(value, str) or len(value) > 2000:
        return False
    if allow_path and value.startswith("/") and not value.startswith("//"):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


class _Reader:
    """Reads fields of one raw block, collecting problems instead of stopping at the first."""

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.problems = Collector()

    def text(
        self, name: str, *, required: bool = True, limit: int = MAX_TEXT, message: str = ""
    ) -> str:
        value = self.raw.get(name)
        if value is None or value == "":
            if required:
                self.problems.add(name, message or "is required")
            return ""
        if not isinstance(value, str):
            self.problems.add(name, "must be a string")
            return ""
        value = value.strip()
        if required and not value:
            self.problems.add(name, message or "is required")
        if len(value) > limit:
            self.problems.add(name, f"is {len(value):,} characters; the limit is {limit:,}")
        return value

    def url(self, name: str, *, required: bool = True, allow_path: bool = False) -> str:
        value = self.text(name, required=required, limit=2000)
        if value and not _is_url(value, allow_path):
            self.problems.add(name, f"{value!r} is not an http(s) URL")
        return value

    def integer(self, name: str, *, required: bool = True, low: int, high: int) -> int | None:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.problems.add(name, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problems.add(name, "must be a whole number")
            return None
        if not low <= value <= high:
            self.problems.add(name, f"must be between {low} and {high}")
            return None
        return value

    def choice(self, name: str, options: tuple[str, ...], *, required: bool = True) -> str:
        value = self.raw.get(name)
        if value is None or value == "":
            if required:
                self.problems.add(name, "is required")
            return ""
        if value not in options:
            self.problems.add(name, f"must be one of: {', '.join(options)}")
            return ""
        return str(value)

    def instant(self, name: str, *, required: bool = True) -> datetime | None:
        value = self.raw.get(name)
        if value in (None, ""):
            if required:
                self.problems.add(name, "is required")
            return None
        try:
            return parse_instant(value, name)
        except Invalid as error:
            self.problems.extend(error, prefix="")
            return None


def restore_block(data: Mapping[str, Any]) -> Block:
    """Rebuild a block from the JSON form the store wrote; trusted, so unchecked."""
    cls = BLOCK_TYPES[data["type"]]
    values = {k: v for k, v in data.items() if k != "type"}
    if "posted_at" in values:
        values["posted_at"] = datetime.fromisoformat(values["posted_at"])
    if "media" in values:
        values["media"] = tuple(Media(**m) for m in values["media"])
    return cls(**values)
