"""Corrections: how an edit of a published update is declared.

Changing what readers have already read is a correction unless the editor marks
it minor (a typo, a broken link). A correction is listed on the blog's public
corrections page with its time and the editor's note, and the update says
"Corrected at 21:50". A legal redaction is a correction that also takes the
earlier wording out of every public view of the past (`?at=`): only the desk's
audit view still shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from .errors import Invalid
from .fields import FieldReader

CorrectionKind = Literal["minor", "correction", "redaction"]
CORRECTION_KINDS: tuple[CorrectionKind, ...] = ("minor", "correction", "redaction")
KIND_LABELS: dict[str, str] = {
    "minor": "Minor edit",
    "correction": "Correction",
    "redaction": "Removed for legal reasons",
}
MAX_NOTE = 1000


@dataclass(frozen=True)
class Correction:
    """One declared edit of a published update."""

    version: int  # the version of the update the edit produced
    at: datetime
    kind: CorrectionKind = "correction"
    note: str = ""

    @property
    def listed(self) -> bool:
        """Shown to readers (on the update and the corrections page)? Not minor edits."""
        return self.kind != "minor"

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class CorrectionRequest:
    """What the editor said about an edit: its kind (None: the default) and note."""

    kind: CorrectionKind | None = None
    note: str = ""


def check_correction(r: FieldReader, name: str = "correction") -> CorrectionRequest | None:
    """Read `{"kind": "minor" | "correction" | "redaction", "note": "…"}` from an edit."""
    raw = r.raw.get(name)
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        r.problems.add(name, "must be an object {kind, note}")
        return None
    nested = r.nested(name, raw)
    kind = nested.choice("kind", CORRECTION_KINDS, required=False) or None
    note = nested.text("note", required=False, limit=MAX_NOTE)
    if kind == "redaction" and not note:
        r.problems.add(f"{name}.note", "is required for a redaction: say why, for the record")
    return CorrectionRequest(kind=kind, note=note)  # type: ignore[arg-type]


def declare(
    request: CorrectionRequest | None,
    *,
    was_published: bool,
    text_changed: bool,
    version: int,
    now: datetime,
) -> Correction | None:
    """The correction an edit makes, if any.

    An edit that changes the text of a published update is a correction unless
    marked minor. Declaring one on anything else is refused, so the record
    never lists a correction that changed nothing readers read.
    """
    if not (was_published and text_changed):
        if request is not None:
            why = "changes no text" if was_published else "is not of a published update"
            raise Invalid.one("correction", f"this edit {why}, so it is not a correction")
        return None
    request = request or CorrectionRequest()
    return Correction(version=version, at=now, kind=request.kind or "correction", note=request.note)


def redacted_since(corrections: tuple[Correction, ...], version: int) -> Correction | None:
    """The first redaction made after `version` of an update, if one hides that version."""
    for correction in corrections:
        if correction.kind == "redaction" and correction.version > version:
            return correction
    return None
