"""A blog's settings form, both ways: the blog as form values, and the posted form as
the fields `domain/blog.py` checks (so the API and the desk share one set of rules).

Form names are the domain's field names (`cover.url`, `featured_links[2].title`), so
each of the domain's `Invalid(field, …)` problems lands beside its own input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from ...domain.blog import Blog
from ...domain.errors import Invalid
from ...domain.stamps import PRESETS, check_stamp_format, format_stamp
from ...domain.times import zone

FEATURED_ROWS = 6
_LINK_PARTS = ("label", "title", "url")
_ROW = re.compile(r"^featured_links\[(\d+)\]")
# How `UPDATE 2145 GMT` will read: that moment, in the blog's zone and format.
SAMPLE_INSTANT = datetime(2016, 12, 12, 21, 45, tzinfo=UTC)
TEXT_FIELDS = ("title", "summary", "language", "direction", "time_zone", "stamp_format", "order")


def form_values(blog: Blog | None) -> dict[str, str]:
    """The form's inputs for a blog (or the defaults for a new one)."""
    blog = blog or Blog(id=0, slug="", title="")
    values = {name: str(getattr(blog, name)) for name in TEXT_FIELDS}
    values["slug"] = blog.slug
    values["auto_end_hours"] = str(blog.auto_end_hours or "")
    cover = blog.cover
    for part in ("url", "alt", "caption", "credit"):
        values[f"cover.{part}"] = getattr(cover, part) if cover else ""
    for i in range(FEATURED_ROWS):
        link = blog.featured_links[i] if i < len(blog.featured_links) else None
        for part in ("label", "title", "url"):
            values[f"featured_links[{i}].{part}"] = getattr(link, part) if link else ""
    return values


def fields_from_form(form: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The posted form as the raw fields `check_blog_fields` reads (it does the checking)."""
    text = {k: v for k, v in form.items() if isinstance(v, str)}
    raw: dict[str, Any] = {name: text[name] for name in TEXT_FIELDS if text.get(name)}
    if creating:
        raw["slug"] = text.get("slug", "").strip()
        raw.setdefault("title", "")
    hours = text.get("auto_end_hours", "").strip()
    raw["auto_end_hours"] = int(hours) if hours.isdigit() else (hours or None)
    cover = {part: text.get(f"cover.{part}", "") for part in ("url", "alt", "caption", "credit")}
    raw["cover"] = cover if any(v.strip() for v in cover.values()) else None
    links = []
    for i in range(FEATURED_ROWS):
        link = {
            part: text.get(f"featured_links[{i}].{part}", "") for part in ("label", "title", "url")
        }
        if any(v.strip() for v in link.values()):
            links.append(link)
    raw["featured_links"] = links
    return raw


def renumbered(error: Invalid, form: Mapping[str, Any]) -> dict[str, str]:
    """Problems by the form's own names: featured link `[n]` counts filled rows only."""
    filled = [
        i for i in range(FEATURED_ROWS)
        if any(str(form.get(f"featured_links[{i}].{p}", "")).strip() for p in _LINK_PARTS)
    ]  # fmt: skip
    out: dict[str, str] = {}
    for problem in error.errors:
        name = _ROW.sub(lambda m: f"featured_links[{filled[int(m.group(1))]}]", problem.field)
        out.setdefault(name, problem.message)
    return out


def stamp_preview(pattern: str, zone_name: str) -> str:
    """How the sample moment reads with this format in this zone, or why it cannot."""
    try:
        checked = check_stamp_format(pattern)
        where: ZoneInfo = zone(zone_name)
    except Invalid as error:
        return f"({error.errors[0].message})"
    return format_stamp(SAMPLE_INSTANT, checked, where)


def zone_choices() -> list[str]:
    return sorted(z for z in available_timezones() if "/" in z or z == "UTC")


PRESET_HINT = ", ".join(f"{name}: {pattern}" for name, pattern in PRESETS.items())
