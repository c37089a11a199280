"""A live blog: one running story, its look, its clock and its state."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from .errors import Collector, Invalid
from .language import Direction, direction_of, is_language_tag
from .stamps import check_stamp_format
from .times import parse_instant, zone

BlogStatus = Literal["draft", "live", "ended"]
Order = Literal["newest", "oldest"]

BLOG_STATUSES: tuple[BlogStatus, ...] = ("draft", "live", "ended")
ORDERS: tuple[Order, ...] = ("newest", "oldest")
SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
# Paths the application itself uses at the top level: a blog cannot take them.
RESERVED_SLUGS = frozenset({"api", "static", "desk", "docs", "health", "login", "logout", "admin"})


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
    last_seq: int = 0
    version: int = 1
    created_at: datetime | None = None
    updated_at: datetime | None = None


def check_blog_fields(raw: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """Check the editable fields of a blog and return them cleaned.

    On create, `slug` and `title` are required; on edit every field is optional
    and only the ones given are returned.
    """
    problems = Collector()
    out: dict[str, Any] = {}

    def present(name: str) -> bool:
        return name in raw and raw[name] is not None

    if creating or present("slug"):
        slug = raw.get("slug")
        if not isinstance(slug, str) or not slug:
            problems.add("slug", "is required: lowercase letters, digits and hyphens")
        elif not SLUG.match(slug):
            problems.add(
                "slug",
                f"{slug!r} must be 1–80 lowercase letters, digits and hyphens, "
                "starting and ending with a letter or digit",
            )
        elif slug in RESERVED_SLUGS:
            problems.add("slug", f"{slug!r} is reserved for the application; choose another")
        else:
            out["slug"] = slug
    if creating or present("title"):
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            problems.add("title", "is required")
        elif len(title) > 200:
            problems.add("title", "is longer than 200 characters")
        else:
            out["title"] = title.strip()
    if present("summary"):
        summary = raw["summary"]
        if not isinstance(summary, str) or len(summary) > 2000:
            problems.add("summary", "must be text of at most 2,000 characters")
        else:
            out["summary"] = summary.strip()
    if present("language"):
        language = raw["language"]
        if not isinstance(language, str) or not is_language_tag(language):
            problems.add("language", f"{language!r} is not a language tag such as 'en' or 'ar'")
        else:
            out["language"] = language
            out.setdefault("direction", direction_of(language))
    if present("direction"):
        if raw["direction"] not in ("ltr", "rtl"):
            problems.add("direction", "must be ltr or rtl")
        else:
            out["direction"] = raw["direction"]
    if present("time_zone"):
        try:
            zone(str(raw["time_zone"]))
            out["time_zone"] = str(raw["time_zone"])
        except Invalid as error:
            problems.extend(error)
    if present("stamp_format"):
        try:
            out["stamp_format"] = check_stamp_format(str(raw["stamp_format"]))
        except Invalid as error:
            problems.extend(error)
    if present("order"):
        if raw["order"] not in ORDERS:
            problems.add("order", "must be newest (newest first) or oldest (oldest first)")
        else:
            out["order"] = raw["order"]
    if present("status"):
        if raw["status"] not in BLOG_STATUSES:
            problems.add("status", "must be one of: draft, live, ended")
        else:
            out["status"] = raw["status"]
    for name in ("coverage_start", "coverage_end"):
        if present(name):
            try:
                out[name] = parse_instant(raw[name], name)
            except Invalid as error:
                problems.extend(error)
    if "cover" in raw:
        out["cover"] = _check_cover(raw["cover"], problems)
    if present("featured_links"):
        out["featured_links"] = _check_featured_links(raw["featured_links"], problems)
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


def _check_cover(raw: object, problems: Collector) -> CoverImage | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        problems.add("cover", "must be an object {url, alt, caption, credit} or null")
        return None
    url, alt = raw.get("url"), raw.get("alt")
    if not isinstance(url, str) or not (url.startswith(("http://", "https://", "/"))):
        problems.add("cover.url", "must be an http(s) URL or a path on this site")
    if not isinstance(alt, str) or not alt.strip():
        problems.add("cover.alt", "is required: describe the picture for readers who cannot see it")
    if problems.errors:
        return None
    return CoverImage(
        url=str(url),
        alt=str(alt).strip(),
        caption=str(raw.get("caption") or "").strip(),
        credit=str(raw.get("credit") or "").strip(),
    )


def _check_featured_links(raw: object, problems: Collector) -> tuple[FeaturedLink, ...]:
    if not isinstance(raw, list) or len(raw) > 6:
        problems.add("featured_links", "must be a list of at most 6 {label, title, url}")
        return ()
    links: list[FeaturedLink] = []
    for i, item in enumerate(raw):
        where = f"featured_links[{i}]"
        if not isinstance(item, Mapping):
            problems.add(where, "must be an object {label, title, url}")
            continue
        title, url = item.get("title"), item.get("url")
        if not isinstance(title, str) or not title.strip():
            problems.add(f"{where}.title", "is required")
        if not isinstance(url, str) or not url.startswith(("http://", "https://", "/")):
            problems.add(f"{where}.url", "must be an http(s) URL or a path on this site")
        if isinstance(title, str) and title.strip() and isinstance(url, str):
            links.append(FeaturedLink(str(item.get("label") or "").strip(), title.strip(), url))
    return tuple(links)
