"""The JSON shapes of the API, for validation of types and for the OpenAPI document.

Rules beyond types (slug format, known time zones, block contents) live in the
domain, so the API, the desk and the importer all enforce the same ones.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from ..domain.blocks import BLOCK_TYPES
from ..domain.blog import Blog
from ..domain.claims import CLAIM_ROLES, CLAIM_STATUSES, Claim, ClaimRole, ClaimStatus
from ..domain.corrections import CorrectionKind
from ..domain.post import Post
from ..domain.sources import Source, SourceKind
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
    auto_end_hours: int | None = Field(
        None,
        ge=1,
        le=720,
        description="End the coverage by itself after this many hours without an update "
        "(null: never).",
    )


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


class ClaimRefIn(_Input):
    id: int
    role: ClaimRole | None = None
    quote: int | None = Field(None, ge=0, description="Index of the block that is the claim.")


class CorrectionIn(_Input):
    kind: CorrectionKind | None = Field(
        None,
        description="correction (the default: listed on the corrections page and on the "
        "update), minor (not listed: a typo), or redaction (listed, and the earlier wording "
        "is hidden from every public view of the past).",
    )
    note: str = Field("", description="Why: shown to readers with the correction.")


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
    claims: list[int | ClaimRefIn] | None = Field(
        None,
        description="The claims this update carries (replacing those it carried): claim ids, "
        "or objects {id, role, quote}. `role`: " + ", ".join(CLAIM_ROLES) + " (default "
        "reports); `quote`: the index of the quote or social block that states the claim.",
    )


class PostCreate(PostFields):
    pass


class PostPatch(PostFields):
    version: int = Field(description="The version you edited; a stale one gets 409.")
    correction: CorrectionIn | None = Field(
        None,
        description="For an edit that changes a published update's text: what kind of "
        "correction it is, and why. Without it, such an edit is a listed correction.",
    )


_STATUS_HELP = "One of " + ", ".join(CLAIM_STATUSES) + "."


class ClaimCreate(_Input):
    statement: str = Field(description="What is claimed, in a sentence.")
    source_id: int | None = Field(None, description="Who makes the claim (see /api/v1/sources).")
    status: ClaimStatus | None = Field(None, description=_STATUS_HELP + " Default: unverified.")
    note: str | None = None
    post_id: int | None = Field(None, description="The published update that reports it.")


class ClaimPatch(_Input):
    version: int = Field(description="The version you changed; a stale one gets 409.")
    status: ClaimStatus | None = Field(None, description=_STATUS_HELP)
    note: str | None = Field(None, description="Why: shown in the claim's history.")
    post_id: int | None = Field(
        None, description="The published update that reports this change (badges link to it)."
    )
    statement: str | None = None
    source_id: int | None = None


class SourceFields(_Input):
    name: str | None = None
    kind: SourceKind | None = None
    handles: list[str] | None = Field(None, examples=[["@ministry"]])
    urls: list[str] | None = None
    reliability: str | None = Field(
        None, description="The desk's note on how far the source can be relied on."
    )


class SourceCreate(SourceFields):
    name: str


class SourcePatch(SourceFields):
    version: int


class KeyEventIn(_Input):
    title: str


class Links(BaseModel):
    page: str
    live: str
    changes: str


# Output shapes are derived from the domain's dataclasses (see `domain/documents.py`),
# so what the OpenAPI document describes is what `views.py` sends.
class ClaimOnPost(BaseModel):
    id: int
    role: str
    quote: int | None
    status: str
    statement: str


BlogOut = output_model(Blog, links=(Links, ...))
PostOut = output_model(
    Post,
    claims=(list[ClaimOnPost], Field(description="The claims it carries, with their status now.")),
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


class SourceRef(BaseModel):
    id: int
    name: str
    kind: str


class ClaimUpdate(BaseModel):
    post_id: int
    role: str
    url: str


class ClaimRevisionOut(BaseModel):
    version: int
    actor: str | None
    created_at: str | None
    claim: dict[str, Any]


ClaimOut = output_model(
    Claim,
    source=(SourceRef | None, Field(description="Who makes the claim.")),
    url=(str, Field(description="The claim on the blog's claims page.")),
    updates=(list[ClaimUpdate], Field(description="The updates carrying it, in time order.")),
    history=(list[ClaimRevisionOut], Field(description="Every version, oldest first.")),
    seq=(int | None, Field(None, description="On writes: the sequence number of the change.")),
)
SourceOut = output_model(Source, url=(str, ...))


class ClaimList(BaseModel):
    items: list[ClaimOut]  # type: ignore[valid-type]


class SourceList(BaseModel):
    items: list[SourceOut]  # type: ignore[valid-type]
