"""Sources: the newsroom's registry of who makes claims.

One registry per newsroom (this installation), shared by every blog: a ministry,
an armed group, an activist, a news agency, a hospital. Each has its handles and
addresses, a kind, and an editor's note on how far it can be relied on, which
the desk sees when it attaches a claim. Readers see a source's name and kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from .errors import Conflict
from .fields import FieldReader, url_problem

SourceKind = Literal[
    "official", "armed-group", "activist", "agency", "reporter", "medical", "media", "other"
]
SOURCE_KINDS: tuple[SourceKind, ...] = (
    "official", "armed-group", "activist", "agency", "reporter", "medical", "media", "other",
)  # fmt: skip
KIND_LABELS: dict[str, str] = {
    "official": "Official",
    "armed-group": "Armed group",
    "activist": "Activist",
    "agency": "News agency",
    "reporter": "Reporter",
    "medical": "Medical",
    "media": "Media outlet",
    "other": "Other",
}
MAX_URLS = 10
MAX_HANDLES = 10


@dataclass(frozen=True)
class Source:
    id: int
    name: str
    kind: SourceKind = "other"
    handles: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    # The editor's note on reliability: for the desk, never shown to readers.
    reliability: str = ""
    version: int = 1
    created_by: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def check_source_fields(raw: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """Check a source's writable fields and return those given, cleaned."""
    r = FieldReader(raw)
    out: dict[str, Any] = {}
    if creating or "name" in raw:
        out["name"] = r.text("name", limit=200, multiline=False)
    if "kind" in raw and (kind := r.choice("kind", SOURCE_KINDS, required=False)):
        out["kind"] = kind
    if "handles" in raw:
        out["handles"] = r.names("handles", most=MAX_HANDLES, length=100)
    if "urls" in raw:
        urls = r.names("urls", most=MAX_URLS, length=2000)
        for index, url in enumerate(urls):
            if problem := url_problem(url):
                r.problems.add(f"urls[{index}]", problem)
        out["urls"] = urls
    if "reliability" in raw:
        out["reliability"] = r.text("reliability", required=False, limit=2000)
    r.problems.raise_if_any()
    return out


def new_source(fields: Mapping[str, Any], *, source_id: int, actor: str, now: datetime) -> Source:
    return Source(id=source_id, created_by=actor, created_at=now, updated_at=now, **fields)


def edit_source(
    source: Source, fields: Mapping[str, Any], *, version: int, now: datetime
) -> Source:
    if version != source.version:
        raise Conflict(
            source.version,
            f"This source has changed since you loaded it; it is now at version "
            f"{source.version}. Reload it and apply your change again.",
        )
    if all(getattr(source, name) == value for name, value in fields.items()):
        return source
    return replace(source, **fields, version=source.version + 1, updated_at=now)
