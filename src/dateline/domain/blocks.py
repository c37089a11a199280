"""The blocks an update is made of, and the rules each must follow.

A block type is defined in one place, as Wagtail's StreamField blocks are: a
frozen dataclass registered with `@block_type`, carrying its own `parse` (every
field checked, user HTML sanitised on the way in, so every stored block is safe
to render), and one template, `render/templates/blocks/<type>.html`. The JSON
form (what the API takes and the store keeps) is derived from the fields.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar

from .embed_urls import PROVIDERS, recognise
from .errors import Collector, Invalid
from .fields import FieldReader
from .language import Direction, direction_of, is_language_tag
from .media import Rendition
from .sanitise import plain_text, sanitise_html

MAX_TEXT = 20_000
MAX_SHORT = 500
MAX_CAPTION = 1000
MAX_BLOCKS = 60
MAX_MEDIA = 8
_FILE = re.compile(r"^[0-9a-f]{16,64}\.(jpg|png|webp|gif)$")  # a media-store file name
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

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
    """A photo or video an embedded post, video or page showed.

    `url` is where it was (the provider's address, or a path on this site);
    `file` is Dateline's own copy in the media store, when one was kept. A card
    shows only pictures on this site: a kept copy, or a site path.
    """

    url: str = ""
    alt: str = ""
    kind: str = "image"  # "image", or "video" for a video's still
    media_id: str = ""
    file: str = ""
    width: int | None = None
    height: int | None = None

    @property
    def kept(self) -> bool:
        return bool(self.file)

    @classmethod
    def parse_list(cls, r: FieldReader, name: str = "media") -> tuple[Media, ...]:
        media: list[Media] = []
        for index, item in r.items(name, most=MAX_MEDIA, what="{url, alt}"):
            where = f"{name}[{index}]"
            nested = r.nested(where, item)
            url = nested.url("url", required=False, allow_path=True)
            file = nested.text("file", required=False, limit=80, multiline=False)
            if file and not _FILE.match(file):
                r.problems.add(f"{where}.file", "is not a file of the media store")
                file = ""
            if not url and not file:
                if not item.get("url"):
                    r.problems.add(f"{where}.url", "must be an http(s) URL or a path on this site")
                continue
            media.append(
                cls(
                    url=url,
                    alt=nested.text("alt", required=False, limit=MAX_SHORT),
                    kind="video" if item.get("kind") == "video" else "image",
                    media_id=nested.text("media_id", required=False, limit=64, multiline=False),
                    file=file,
                    width=nested.integer("width", required=False, low=1, high=20_000),
                    height=nested.integer("height", required=False, low=1, high=20_000),
                )
            )
        return tuple(media)


def _moment(r: FieldReader, name: str) -> datetime | date | None:
    """An instant, or a day alone (`2016-12-12`) when that is all that is known."""
    value = r.raw.get(name)
    if isinstance(value, str) and _DAY.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            r.problems.add(name, f"{value!r} is not a date")
            return None
    return r.instant(name, required=False)


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
    """A durable snapshot of a social-media post: it renders after the original is gone.

    Pasted as a URL alone, it waits (`captured_at` empty, no text) for the capture
    to fill it; typed or imported with its words, it is complete as it is.
    """

    url: str
    author_name: str = ""
    handle: str = ""
    text: str = ""
    # An instant when known; a date (day only) when that is all the source says.
    posted_at: datetime | date | None = None
    network: str = "social"  # the provider: x, bluesky, mastodon, telegram …
    media: tuple[Media, ...] = ()
    captured_at: datetime | None = None
    type: ClassVar[str] = "social"

    @classmethod
    def parse(cls, r: FieldReader, common: dict[str, Any]) -> Block:
        url = _canonical(r, "post")
        network = r.text("network", required=False, limit=40, multiline=False)
        return cls(
            url=url,
            author_name=r.text("author_name", required=False, limit=200, multiline=False),
            handle=r.text("handle", required=False, limit=100, multiline=False),
            text=r.text("text", required=False, limit=MAX_TEXT),
            posted_at=_moment(r, "posted_at"),
            network=network or _provider_of(url) or "social",
            media=Media.parse_list(r),
            captured_at=r.instant("captured_at", required=False),
            **common,
        )


@block_type
@dataclass(frozen=True)
class Image(Block):
    """A photo or graphic with its caption and credit.

    An uploaded picture is named by `media_id`; the store fills in its files
    (`renditions`, for srcset), size and, if the block has none, its alt text.
    """

    url: str = ""
    alt: str = ""
    caption: str = ""
    credit: str = ""
    width: int | None = None
    height: int | None = None
    media_id: str = ""
    renditions: tuple[Rendition, ...] = ()
    type: ClassVar[str] = "image"

    @classmethod
    def parse(cls, r: FieldReader, common: dict[str, Any]) -> Block:
        media_id = r.text("media_id", required=False, limit=64, multiline=False)
        if media_id and not re.fullmatch(r"[0-9a-f]{16,64}", media_id):
            r.problems.add("media_id", "is not the id of an uploaded picture")
        alt_message = "describe the image for readers who cannot see it"
        return cls(
            url=r.url("url", required=not media_id, allow_path=True),
            # An upload's own alt text is used when the block has none (filled by the store).
            alt=r.text("alt", required=not media_id, limit=MAX_SHORT, message=alt_message),
            caption=r.text("caption", required=False, limit=MAX_CAPTION),
            credit=r.text("credit", required=False, limit=MAX_SHORT, multiline=False),
            width=r.integer("width", required=False, low=1, high=20_000),
            height=r.integer("height", required=False, low=1, high=20_000),
            media_id=media_id,
            **common,
        )


@block_type
@dataclass(frozen=True)
class Video(Block):
    """A video: a file on this site with a player, or a provider's video behind a
    click-to-load (nothing is loaded from the provider until the reader asks)."""

    url: str
    caption: str = ""
    credit: str = ""
    poster_url: str = ""
    provider: str = ""  # youtube, vimeo, tiktok, facebook; empty for a video file or page
    title: str = ""
    author_name: str = ""
    posted_at: datetime | date | None = None
    media: tuple[Media, ...] = ()  # the still, kept in the media store
    captured_at: datetime | None = None
    type: ClassVar[str] = "video"

    @classmethod
    def parse(cls, r: FieldReader, common: dict[str, Any]) -> Block:
        url = _canonical(r, "video", allow_path=True)
        return cls(
            url=url,
            caption=r.text("caption", required=False, limit=MAX_CAPTION),
            credit=r.text("credit", required=False, limit=MAX_SHORT, multiline=False),
            poster_url=r.url("poster_url", required=False, allow_path=True),
            provider=_provider_of(url, kind="video"),
            title=r.text("title", required=False, limit=MAX_SHORT, multiline=False),
            author_name=r.text("author_name", required=False, limit=200, multiline=False),
            posted_at=_moment(r, "posted_at"),
            media=Media.parse_list(r),
            captured_at=r.instant("captured_at", required=False),
            **common,
        )


@block_type
@dataclass(frozen=True)
class LinkCard(Block):
    """A link to another page, shown as a card from what the page says about itself."""

    url: str
    title: str = ""
    description: str = ""
    site_name: str = ""
    image_url: str = ""  # shown only when it is a path on this site
    media: tuple[Media, ...] = ()  # the page's picture, kept in the media store
    captured_at: datetime | None = None
    type: ClassVar[str] = "link"

    @classmethod
    def parse(cls, r: FieldReader, common: dict[str, Any]) -> Block:
        return cls(
            url=_canonical(r, "page"),
            title=r.text("title", required=False, limit=MAX_SHORT, multiline=False),
            description=r.text("description", required=False, limit=MAX_CAPTION),
            site_name=r.text("site_name", required=False, limit=200, multiline=False),
            image_url=r.url("image_url", required=False, allow_path=True),
            media=Media.parse_list(r),
            captured_at=r.instant("captured_at", required=False),
            **common,
        )


def _canonical(r: FieldReader, kind: str, *, allow_path: bool = False) -> str:
    """The block's URL, in its canonical form when it is a known provider's `kind`."""
    url = r.url("url", allow_path=allow_path)
    if not url or url.startswith("/"):
        return url
    try:
        target = recognise(url)
    except Invalid:
        return url
    return target.url if target.kind == kind or kind == "page" else url


def _provider_of(url: str, *, kind: str = "post") -> str:
    """The provider whose `kind` (post or video) `url` is, or ""."""
    if not url or url.startswith("/"):
        return ""
    try:
        target = recognise(url)
    except Invalid:
        return ""
    known = target.provider.key in PROVIDERS and not target.is_link
    return target.provider.key if known and target.kind == kind else ""


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
    return {"type": block.type, **_without_empty(block)}


def _without_empty(value: Any) -> dict[str, Any]:
    """A dataclass's fields as JSON, leaving out the empty ones (None, "", ())."""
    out: dict[str, Any] = {}
    for f in fields(value):
        item = getattr(value, f.name)
        if item is None or item == "" or item == ():
            continue
        if isinstance(item, datetime):
            item = item.isoformat().replace("+00:00", "Z")
        elif isinstance(item, date):
            item = item.isoformat()
        elif isinstance(item, tuple):
            item = [_without_empty(member) for member in item]
        out[f.name] = item
    return out
