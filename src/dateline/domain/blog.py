"""A live blog: one running story, its look, its clock and its state."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from .errors import Invalid
from .fields import FieldReader, url_problem
from .language import Direction, direction_of, is_language_tag
from .stamps import check_stamp_format
from .times import zone

MAX_CAPTION = 1000
MAX_AUTO_END_HOURS = 24 * 30

BlogStatus = Literal["draft", "live", "ended"]
Order = Literal["newest", "oldest"]

BLOG_STATUSES: tuple[BlogStatus, ...] = ("draft", "live", "ended")
ORDERS: tuple[Order, ...] = ("newest", "oldest")
SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?")  # always fullmatch: `$` lets "\n" in
# Paths the application itself uses at the top level: a blog cannot take them.
RESERVED_SLUGS = frozenset(
    {"api", "static", "desk", "docs", "health", "login", "logout", "admin", "ready", "metrics"}
)


def is_blog_slug(value: str) -> bool:
    """Could `value` be a blog's address? The whole string, and not one the app uses."""
    return SLUG.fullmatch(value) is not None and value not in RESERVED_SLUGS


@dataclass(frozen=True)
class CoverImage:
    """The picture at the top of a blog, with its caption and credit."""

    url: str
    alt: str
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True)
class FeaturedLink:
    """An editor-chosen link shown in a strip under the title (`MONDAY FEATURE`)."""

    label: str
    title: str
    url: str


@dataclass(frozen=True)
class Blog:
    id: int
    slug: str
    title: str
    summary: str = ""
    language: str = "en"
    direction: Direction = "ltr"
    time_zone: str = "UTC"
    stamp_format: str = "{HH}:{mm}"
    order: Order = "newest"
    status: BlogStatus = "live"
    coverage_start: datetime | None = None
    coverage_end: datetime | None = None
    cover: CoverImage | None = None
    featured_links: tuple[FeaturedLink, ...] = ()
    # Forgotten blogs: the coverage ends by itself after this many hours without an
    # update (None: never, the default).
    auto_end_hours: int | None = None
    # Keep search engines away (embargoed or sensitive coverage): robots meta and
    # header on its pages, and left out of the sitemaps.
    noindex: bool = False
    # Sites that may show the blog's embed page in a frame (origins); none: any site.
    embed_origins: tuple[str, ...] = ()
    last_seq: int = 0
    version: int = 1
    created_at: datetime | None = None
    updated_at: datetime | None = None


def check_blog_fields(raw: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """Check the editable fields of a blog and return them cleaned.

    On create, `slug` and `title` are required; on edit every field is optional
    and only the ones given are returned.
    """
    r = FieldReader(raw)
    problems = r.problems
    out: dict[str, Any] = {}
    if creating or r.given("slug"):
        slug = raw.get("slug")
        if not isinstance(slug, str) or not slug:
            problems.add("slug", "is required: lowercase letters, digits and hyphens")
        elif not SLUG.fullmatch(slug):
            problems.add(
                "slug",
                f"{slug[:100]!r} must be 1–80 lowercase letters, digits and hyphens, "
                "starting and ending with a letter or digit",
            )
        elif slug in RESERVED_SLUGS:
            problems.add("slug", f"{slug!r} is reserved for the application; choose another")
        else:
            out["slug"] = slug
    if creating or r.given("title"):
        out["title"] = r.text("title", limit=200, multiline=False)
    if r.given("summary"):
        out["summary"] = r.text("summary", required=False, limit=2000)
    if r.given("language"):
        language = r.text("language", limit=35, multiline=False)
        if language and not is_language_tag(language):
            problems.add("language", f"{language!r} is not a language tag such as 'en' or 'ar'")
        elif language:
            out["language"] = language
            out.setdefault("direction", direction_of(language))
    if r.given("direction") and (direction := r.choice("direction", ("ltr", "rtl"))):
        out["direction"] = direction
    if r.given("time_zone"):
        try:
            out["time_zone"] = zone(raw["time_zone"]).key
        except Invalid as error:
            problems.extend(error)
    if r.given("stamp_format"):
        pattern = r.text("stamp_format", limit=80, multiline=False)
        if pattern:
            try:
                out["stamp_format"] = check_stamp_format(pattern)
            except Invalid as error:
                problems.extend(error)
    if r.given("order"):
        message = "must be newest (newest first) or oldest (oldest first)"
        if order := r.choice("order", ORDERS, message=message):
            out["order"] = order
    if r.given("status") and (status := r.choice("status", BLOG_STATUSES)):
        out["status"] = status
    for name in ("coverage_start", "coverage_end"):
        if r.given(name):
            out[name] = r.instant(name)
    if "cover" in raw:
        out["cover"] = _check_cover(r)
    if r.given("featured_links"):
        out["featured_links"] = _check_featured_links(r)
    if "auto_end_hours" in raw:
        out["auto_end_hours"] = r.integer(
            "auto_end_hours", required=False, low=1, high=MAX_AUTO_END_HOURS
        )
    if r.given("noindex") and (noindex := r.boolean("noindex")) is not None:
        out["noindex"] = noindex
    if "embed_origins" in raw:
        out["embed_origins"] = _check_embed_origins(r)
    start, end = out.get("coverage_start"), out.get("coverage_end")
    if start and end and end < start:
        problems.add("coverage_end", "is before coverage_start")
    problems.raise_if_any()
    return out


def apply_blog_fields(blog: Blog, fields: Mapping[str, Any], now: datetime) -> Blog:
    """A new version of `blog` with checked `fields` applied."""
    changes = dict(fields)
    status = changes.get("status")
    if status == "ended" and blog.status != "ended":
        changes.setdefault("coverage_end", now)
    if status == "live" and blog.status != "live":
        changes.setdefault("coverage_end", None)  # reopened: no longer ended
        if not blog.coverage_start:
            changes.setdefault("coverage_start", now)
    updated = replace(blog, **changes, version=blog.version + 1, updated_at=now)
    start, end = updated.coverage_start, updated.coverage_end
    if start and end and end < start:
        raise Invalid.one("coverage_end", "is before the coverage start")
    return updated


def _check_cover(r: FieldReader) -> CoverImage | None:
    raw = r.raw["cover"]
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        r.problems.add("cover", "must be an object {url, alt, caption, credit} or null")
        return None
    cover = r.nested("cover", raw)
    before = len(r.problems.errors)
    found = CoverImage(
        url=cover.url("url", allow_path=True),
        alt=cover.text(
            "alt",
            limit=500,
            message="is required: describe the picture for readers who cannot see it",
        ),
        caption=cover.text("caption", required=False, limit=MAX_CAPTION),
        credit=cover.text("credit", required=False, limit=200, multiline=False),
    )
    return found if len(r.problems.errors) == before else None


def _check_featured_links(r: FieldReader) -> tuple[FeaturedLink, ...]:
    links: list[FeaturedLink] = []
    for i, item in r.items("featured_links", most=6, what="{label, title, url}"):
        link = r.nested(f"featured_links[{i}]", item)
        before = len(r.problems.errors)
        found = FeaturedLink(
            label=link.text("label", required=False, limit=40, multiline=False),
            title=link.text("title", limit=200, multiline=False),
            url=link.url("url", allow_path=True),
        )
        if len(r.problems.errors) == before:
            links.append(found)
    return tuple(links)


def _check_embed_origins(r: FieldReader) -> tuple[str, ...]:
    """Origins (`https://partner.example`), each one a scheme, a host and maybe a port."""
    origins: list[str] = []
    for index, value in enumerate(r.names("embed_origins", most=20, length=200)):
        parts = urlsplit(value)
        if url_problem(value) or parts.path not in ("", "/") or parts.query or parts.fragment:
            r.problems.add(
                f"embed_origins[{index}]",
                f"{value[:80]!r} is not a site's origin such as https://partner.example",
            )
        else:
            origins.append(f"{parts.scheme}://{parts.netloc}".lower())
    return tuple(dict.fromkeys(origins))
