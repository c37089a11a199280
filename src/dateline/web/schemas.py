"""The JSON shapes of the API, for validation of types and for the OpenAPI document.

Rules beyond types (slug format, known time zones, block contents) live in the
domain, so the API, the desk and the importer all enforce the same ones.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from ..domain.blocks import BLOCK_TYPES
from ..domain.blog import Blog
from ..domain.post import Post
from ..domain.stamps import PRESETS, TOKENS
from ..live.payload import ChangeMessage
from .shapes import output_model


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Cover(_Input):
    url: str = Field(description="An http(s) URL or a path on this site.")
    alt: str = Field(description="What the picture shows, for readers who cannot see it.")
    caption: str = ""
    credit: str = ""


class FeaturedLinkIn(_Input):
    label: str = Field("", examples=["MONDAY FEATURE"])
    title: str
    url: str


_STAMP_HELP = (
    "How each update's time reads, in the blog's zone. Tokens: "
    + " ".join("{" + t + "}" for t in TOKENS)
    + ". Presets: "
    + ", ".join(f"{name} ({pattern})" for name, pattern in PRESETS.items())
    + "."
)


class BlogFields(_Input):
    title: str | None = None
    summary: str | None = None
    language: str | None = Field(None, examples=["en"], description="BCP 47 language tag.")
    direction: Literal["ltr", "rtl"] | None = Field(
        None, description="Defaults to the language's direction."
    )
    time_zone: str | None = Field(None, examples=["Europe/London"])
    stamp_format: str | None = Field(
        None, examples=["UPDATE {HH}{mm} {tz}"], description=_STAMP_HELP
    )
    order: Literal["newest", "oldest"] | None = Field(None, description="Newest or oldest first.")
    status: Literal["draft", "live", "ended"] | None = None
    coverage_start: AwareDatetime | None = None
    coverage_end: AwareDatetime | None = None
    cover: Cover | None = None
    featured_links: list[FeaturedLinkIn] | None = None


class BlogCreate(BlogFields):
    slug: str = Field(description="The blog's address: lowercase letters, digits, hyphens.")
    title: str


class BlogPatch(BlogFields):
    version: int | None = Field(
        None, description="If given, the edit is refused (409) unless it is the current version."
    )


_BLOCKS_HELP = (
    "Structured content, one object per block, each with a `type`: "
    + ", ".join(sorted(BLOCK_TYPES))
    + ". Every block may carry `lang` and `dir`."
)


class PostFields(_Input):
    body: str | None = Field(
        None,
        description="Markdown. A URL alone on its line becomes an embed; "
        "`> quote` with a last line `— Name` a quote with attribution.",
    )
    blocks: list[dict[str, Any]] | None = Field(None, description=_BLOCKS_HELP)
    kind: Literal["update", "intro"] | None = None
    status: Literal["draft", "scheduled", "published"] | None = None
    published_at: AwareDatetime | None = Field(
        None, description="Defaults to now; in the future only with status=scheduled."
    )
    authors: list[str] | None = None
    tags: list[str] | None = None
    pinned: bool | None = None
    key_event: str | None = Field(None, description="A short title listing it as a key event.")


class PostCreate(PostFields):
    pass


class PostPatch(PostFields):
    version: int = Field(description="The version you edited; a stale one gets 409.")


class KeyEventIn(_Input):
    title: str


class Links(BaseModel):
    page: str
    live: str
    changes: str


# Output shapes are derived from the domain's dataclasses (see `domain/documents.py`),
# so what the OpenAPI document describes is what `views.py` sends.
BlogOut = output_model(Blog, links=(Links, ...))
PostOut = output_model(
    Post,
    blog=(str, Field(description="The blog's slug.")),
    url=(str, Field(description="The update's own page.")),
    seq=(
        int | None,
        Field(None, description="On writes: the sequence number of the last change this made."),
    ),
)


class BlogList(BaseModel):
    items: list[BlogOut]  # type: ignore[valid-type]


class PostList(BaseModel):
    items: list[PostOut]  # type: ignore[valid-type]
    next_cursor: str | None


class RevisionOut(BaseModel):
    version: int
    actor: str | None
    created_at: str | None
    post: dict[str, Any]


class RevisionList(BaseModel):
    items: list[RevisionOut]


ChangeOut = output_model(ChangeMessage, every_field_required=False)


class ChangeList(BaseModel):
    changes: list[ChangeOut] = Field(description="Oldest first.")  # type: ignore[valid-type]
    last_seq: int = Field(description="The blog's last sequence number: pass it as `after` next.")
    poll_after_s: float = Field(description="Wait this long before asking again.")
    reload: bool = Field(
        description="True when `after` is too far behind to catch up change by change: "
        "reload the page (or the list of updates) instead."
    )
