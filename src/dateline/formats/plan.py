"""What an importer read from a file: a blog, its intro entry and its updates, as plain
JSON-shaped fields, before anything is checked or written.

Every importer (legacy text or HTML, LiveBlogPosting pages) produces a plan; one
function writes any plan (`importing.py`) through the same store commands the desk
and the API use, so imported content meets every rule typed content meets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..domain.errors import Invalid


def unreadable(where: str, message: str) -> Invalid:
    """A file that cannot be imported: the error names where in it the trouble is
    (`line 12`, `liveBlogUpdate[3].datePublished`), for the API's `file` field."""
    return Invalid.one("file", f"{where}: {message}")


@dataclass
class PlannedPost:
    """One update (or the intro entry) as an importer found it."""

    kind: str  # "update" or "intro"
    published_at: datetime
    blocks: list[dict[str, Any]]
    where: str  # "line 12", "liveBlogUpdate[3]": named in errors
    key_event: str | None = None


@dataclass
class Unplaced:
    """Something in the file Dateline had nowhere to put, and why."""

    where: str
    text: str
    reason: str


@dataclass
class ImportPlan:
    """A blog to create (or add to) and its posts, oldest first."""

    format: str
    blog: dict[str, Any] = field(default_factory=dict)
    posts: list[PlannedPost] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)

    @property
    def updates(self) -> list[PlannedPost]:
        return [p for p in self.posts if p.kind == "update"]

    @property
    def intro(self) -> PlannedPost | None:
        return next((p for p in self.posts if p.kind == "intro"), None)
