"""The blocks an update is made of, and the rules each must follow.

A block type is defined in one place, as Wagtail's StreamField blocks are: a
frozen dataclass registered with `@block_type`, carrying its own `parse` (every
field checked, user HTML sanitised on the way in, so every stored block is safe
to render), and one template, `render/templates/blocks/<type>.html`. The JSON
form (what the API takes and the store keeps) is derived from the fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, ClassVar, TypeVar

from .errors import Collector, Invalid
from .fields import FieldReader, url_problem
from .language import Direction, direction_of, is_language_tag
from .sanitise import plain_text, sanitise_html

MAX_TEXT = 20_000
MAX_SHORT = 500
MAX_CAPTION = 1000
MAX_BLOCKS = 60
MAX_MEDIA = 8

B = TypeVar("B", bound="Block")
BLOCK_TYPES: dict[str, type[Block]] = {}


def block_type(cls: type[B]) -> type[B]:
    """Register a block type under its `type` name."""
    BLOCK_TYPES[cls.type] = cls
    return cls


@dataclass(frozen=True)
class Block:
    """Fields every block has: the language and direction of its text."""

    lang: str | None = field(default=None, kw_only=True)
    dir: Direction | None = field(default=None, kw_only=True)

    type: ClassVar[str] = "block"

    @property
    def direction(self) -> Direction | None:
        """The explicit direction, or the one implied by `lang`; None: the text decides."""
        if self.dir:
            return self.dir
        return direction_of(self.lang) if self.lang else None

    @classmethod
    def parse(cls, r: FieldReader, common: dict[str, Any]) -> Block:
        raise NotImplementedError


@dataclass(frozen=True)
class Media:
    """A photo or video attached to a social post snapshot."""

    url: str
    alt: str = ""
    kind: str = "image"


@block_type
@dataclass(frozen=True)
class Text(Block):
    """Rich text: paragraphs, emphasis, links, lists. Sanitised HTML."""

    html: str
    type: ClassVar[str] = "text"

    @classmethod
    def parse(cls, r: FieldReader, common: dict[str, Any]) -> Block:
        raw = r.text("html", limit=MAX_TEXT)
        html = sanitise_html(raw)
        if raw and not plain_text(html):
            r.problems.add("html", "is empty once unsafe markup is removed")
        return cls(html=html, **common)


@block_type
@dataclass(frozen=True)
class Heading(Block):
    """A section heading inside an update or the intro entry."""

    text: str
    level: int = 2
    type: ClassVar[str] = "heading"

    @classmethod
    def parse(cls, r: FieldReader, common: dict[str, Any]) -> Block:
        level = r.integer("level", required=False, low=2, high=4)
        text = r.text("text", limit=MAX_SHORT, multiline=False)
        return cls(text=text, level=level or 2, **common)


@block_type
@dataclass(frozen=True)
class Quote(Block):
    """A quoted statement with who said it."""

    text: str
    attribution: str = ""
    source_url: str = ""
    type: ClassVar[str] = "quote"

    @classmethod
    def parse(cls, r: FieldReader, common: dict[str, Any]) -> Block:
        return cls(
            text=r.text("text", limit=MAX_TEXT),
            attribution=r.text("attribution", required=False, limit=MAX_SHORT, multiline=False),
            source_url=r.url("source_url", required=False),
            **common,
        )


@block_type
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
    type: ClassVar[str] = "social"

    @classmethod
    def parse(cls, r: FieldReader, common: dict[str, Any]) -> Block:
        media: list[Media] = []
        for index, item in r.items("media", most=MAX_MEDIA, what="{url, alt}"):
            where = f"media[{index}]"
            url = item.get("url")
            if not isinstance(url, str) or url_problem(url, allow_path=True):
                r.problems.add(f"{where}.url", "must be an http(s) URL or a path on this site")
                continue
            alt = r.nested(where, item).text("alt", required=False, limit=MAX_SHORT)
            kind = "video" if item.get("kind") == "video" else "image"
            media.append(Media(url=url, alt=alt, kind=kind))
        handle = r.text("handle", limit=100, multiline=False)
        return cls(
            url=r.url("url"),
            author_name=r.text("author_name", limit=200, multiline=False),
            handle=handle,
            text=r.text("text", limit=MAX_TEXT),
            posted_at=r.instant("posted_at", required=False),
            network=r.text("network", required=False, limit=40, multiline=False) or "social",
            media=tuple(media),
            **common,
        )


@block_type
@dataclass(frozen=True)
class Image(Block):
    """A photo or graphic with its caption and credit."""

    url: str
    alt: str
    caption: str = ""
    credit: str = ""
    width: int | None = None
    height: int | None = None
    type: ClassVar[str] = "image"

    @classmethod
    def parse(cls, r: FieldReader, common: dict[str, Any]) -> Block:
        return cls(
            url=r.url("url", allow_path=True),
            alt=r.text(
                "alt", limit=MAX_SHORT, message="describe the image for readers who cannot see it"
            ),
            caption=r.text("caption", required=False, limit=MAX_CAPTION),
            credit=r.text("credit", required=False, limit=MAX_SHORT, multiline=False),
            width=r.integer("width", required=False, low=1, high=20_000),
            height=r.integer("height", required=False, low=1, high=20_000),
            **common,
        )


@block_type
@dataclass(frozen=True)
class Video(Block):
    """A video file or page, shown as a player or a poster linking to it."""

    url: str
    caption: str = ""
    credit: str = ""
    poster_url: str = ""
    type: ClassVar[str] = "video"

    @classmethod
    def parse(cls, r: FieldReader, common: dict[str, Any]) -> Block:
        return cls(
            url=r.url("url", allow_path=True),
            caption=r.text("caption", required=False, limit=MAX_CAPTION),
            credit=r.text("credit", required=False, limit=MAX_SHORT, multiline=False),
            poster_url=r.url("poster_url", required=False, allow_path=True),
            **common,
        )


@block_type
@dataclass(frozen=True)
class LinkCard(Block):
    """A link to another page, shown as a card."""

    url: str
    title: str = ""
    description: str = ""
    site_name: str = ""
    image_url: str = ""
    type: ClassVar[str] = "link"

    @classmethod
    def parse(cls, r: FieldReader, common: dict[str, Any]) -> Block:
        return cls(
            url=r.url("url"),
            title=r.text("title", required=False, limit=MAX_SHORT, multiline=False),
            description=r.text("description", required=False, limit=MAX_CAPTION),
            site_name=r.text("site_name", required=False, limit=200, multiline=False),
            image_url=r.url("image_url", required=False, allow_path=True),
            **common,
        )


def parse_blocks(raw: object, field_name: str = "blocks") -> tuple[Block, ...]:
    """Parse and check a list of JSON blocks, naming every bad field (`blocks[2].url`).

    The count is checked before any block is read: a list of 200,000 costs nothing.
    """
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes):
        raise Invalid.one(field_name, "must be a list of blocks")
    if len(raw) > MAX_BLOCKS:
        raise Invalid.one(field_name, f"has {len(raw):,} blocks; the limit is {MAX_BLOCKS}")
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
        shown = kind[:40] if isinstance(kind, str) else kind
        raise Invalid.one("type", f"unknown block type {shown!r}; use one of: {known}")
    reader = FieldReader(raw)
    lang = reader.text("lang", required=False, limit=35, multiline=False)
    direction = reader.choice("dir", ("ltr", "rtl"), required=False)
    if lang and not is_language_tag(lang):
        reader.problems.add("lang", f"{lang!r} is not a language tag such as 'en' or 'ar'")
    common: dict[str, Any] = {"lang": lang or None, "dir": direction or None}
    block = cls.parse(reader, common)
    reader.problems.raise_if_any()
    return block


def block_to_dict(block: Block) -> dict[str, Any]:
    """The JSON form of a block; `parse_block(block_to_dict(b)) == b` for clean input."""
    out: dict[str, Any] = {"type": block.type}
    for f in fields(block):
        value = getattr(block, f.name)
        if value is None or value == "" or value == ():
            continue
        if isinstance(value, datetime):
            value = value.isoformat().replace("+00:00", "Z")
        elif isinstance(value, tuple):
            value = [{k: getattr(m, k) for k in m.__dataclass_fields__} for m in value]
        out[f.name] = value
    return out
