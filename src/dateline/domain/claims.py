"""Claims: what someone asserts, which the newsroom reports before it can be checked.

A claim belongs to a blog. It has a statement, who makes it (a source from the
newsroom's registry), and a status that editors change as evidence comes in:
unverified, disputed, confirmed or false. Every change is kept as a revision
(status, note, editor, time, and the update that reported the change), so the
claim's history can be shown and the page can be rebuilt as it stood.

Updates carry claims (`ClaimRef`): each says what the update does with the claim
(reports, supports, disputes or refutes it), and may mark one of its quoted
passages as the claim itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from .blocks import Block
from .errors import Collector, Conflict
from .fields import FieldReader

ClaimStatus = Literal["unverified", "disputed", "confirmed", "false"]
ClaimRole = Literal["reports", "supports", "disputes", "refutes"]

CLAIM_STATUSES: tuple[ClaimStatus, ...] = ("unverified", "disputed", "confirmed", "false")
CLAIM_ROLES: tuple[ClaimRole, ...] = ("reports", "supports", "disputes", "refutes")
# What readers read: plain words, the same on the badge, the claims page and in feeds.
STATUS_LABELS: dict[str, str] = {
    "unverified": "Unverified",
    "disputed": "Disputed",
    "confirmed": "Confirmed",
    "false": "False",
}
ROLE_LABELS: dict[str, str] = {
    "reports": "Claim",
    "supports": "Supports the claim",
    "disputes": "Disputes the claim",
    "refutes": "Refutes the claim",
}
# How the claims page describes what an update does with a claim.
ROLE_PHRASES: dict[str, str] = {
    "reports": "reports the claim",
    "supports": "supports it",
    "disputes": "disputes it",
    "refutes": "refutes it",
}
# Statuses that settle a claim: the ones schema.org's ClaimReview describes.
RESOLVED: tuple[ClaimStatus, ...] = ("confirmed", "false")
# Blocks that quote someone, and so can be marked as the claim itself.
QUOTING_BLOCKS = frozenset({"quote", "social"})

MAX_STATEMENT = 500
MAX_NOTE = 2000
MAX_CLAIMS_PER_UPDATE = 20


@dataclass(frozen=True)
class ClaimRef:
    """A claim an update carries: what the update does with it, and where it is quoted."""

    id: int
    role: ClaimRole = "reports"
    quote: int | None = None  # index of the quote (or social post) block that is the claim

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


@dataclass(frozen=True)
class Claim:
    id: int
    blog_id: int
    statement: str
    status: ClaimStatus = "unverified"
    source_id: int | None = None
    version: int = 1
    # The note the editor gave with the latest change (why the status is what it is).
    note: str = ""
    # When the status last changed, and the update that reported that change, if any.
    status_changed_at: datetime | None = None
    status_update_id: int | None = None
    status_update_at: datetime | None = None  # that update's published time, for its stamp
    created_by: str | None = None
    created_at: datetime | None = None
    updated_by: str | None = None
    updated_at: datetime | None = None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def resolved(self) -> bool:
        return self.status in RESOLVED


class CheckedClaim(dict[str, Any]):
    """Claim fields `check_claim_fields` has read."""


def check_claim_fields(raw: Mapping[str, Any], *, creating: bool) -> CheckedClaim:
    """Check the writable fields of a claim and return those given, cleaned."""
    if isinstance(raw, CheckedClaim):
        return raw
    r = FieldReader(raw)
    out: dict[str, Any] = {}
    if creating or "statement" in raw:
        out["statement"] = r.text(
            "statement",
            limit=MAX_STATEMENT,
            multiline=False,
            message="is required: what is claimed, in a sentence",
        )
    if "status" in raw and (status := r.choice("status", CLAIM_STATUSES, required=False)):
        out["status"] = status
    if "source_id" in raw:
        out["source_id"] = r.integer("source_id", required=False, low=1, high=(1 << 63) - 1)
    if "note" in raw:
        out["note"] = r.text("note", required=False, limit=MAX_NOTE)
    if "post_id" in raw:
        out["post_id"] = r.integer("post_id", required=False, low=1, high=(1 << 63) - 1)
    r.problems.raise_if_any()
    return CheckedClaim(out)


def new_claim(
    fields: Mapping[str, Any],
    *,
    claim_id: int,
    blog_id: int,
    actor: str,
    now: datetime,
    update_at: datetime | None = None,
) -> Claim:
    """A claim as first recorded; unverified unless the editor says otherwise."""
    status: ClaimStatus = fields.get("status") or "unverified"
    post_id = fields.get("post_id")
    return Claim(
        id=claim_id,
        blog_id=blog_id,
        statement=fields["statement"],
        status=status,
        source_id=fields.get("source_id"),
        note=fields.get("note") or "",
        status_changed_at=now,
        status_update_id=post_id,
        status_update_at=update_at if post_id is not None else None,
        created_by=actor,
        created_at=now,
        updated_by=actor,
        updated_at=now,
    )


def change_claim(
    claim: Claim,
    fields: Mapping[str, Any],
    *,
    version: int,
    actor: str,
    now: datetime,
    update_at: datetime | None = None,
) -> Claim:
    """Apply a change made from `version`. A status change records when, and which
    update reported it (`post_id`, published at `update_at`); the note says why.
    A note alone is a change too: the history keeps it. Nothing new: the claim as it was."""
    if version != claim.version:
        raise Conflict(
            claim.version,
            f"This claim has changed since you loaded it; it is now at version "
            f"{claim.version}. Reload it, check its status and save again.",
        )
    changes: dict[str, Any] = {
        name: fields[name]
        for name in ("statement", "source_id")
        if name in fields and fields[name] != getattr(claim, name)
    }
    status = fields.get("status") or claim.status
    post_id = fields.get("post_id")
    if status != claim.status or (post_id is not None and post_id != claim.status_update_id):
        changes.update(
            status=status,
            status_changed_at=now,
            status_update_id=post_id,
            status_update_at=update_at if post_id is not None else None,
        )
    note = fields.get("note") or ""
    if not changes and not note:
        return claim
    return replace(
        claim, **changes, note=note, version=claim.version + 1, updated_by=actor, updated_at=now
    )


def parse_claim_refs(r: FieldReader, name: str = "claims") -> tuple[ClaimRef, ...]:
    """An update's claims: ids (`[7, 9]`) or objects (`[{"id": 7, "role": "refutes"}]`)."""
    value = r.raw.get(name)
    if value is None:
        return ()
    if not isinstance(value, list):
        r.problems.add(name, "must be a list of claim ids or {id, role, quote} objects")
        return ()
    if len(value) > MAX_CLAIMS_PER_UPDATE:
        r.problems.add(name, f"has {len(value)} entries; the limit is {MAX_CLAIMS_PER_UPDATE}")
        return ()
    refs: list[ClaimRef] = []
    for index, item in enumerate(value):
        where = f"{name}[{index}]"
        ref = _claim_ref(r, where, item)
        if ref is None:
            continue
        if any(existing.id == ref.id for existing in refs):
            r.problems.add(where, f"claim {ref.id} is listed twice")
            continue
        refs.append(ref)
    return tuple(refs)


def _claim_ref(r: FieldReader, where: str, item: object) -> ClaimRef | None:
    if isinstance(item, int) and not isinstance(item, bool):
        item = {"id": item}
    if not isinstance(item, Mapping):
        r.problems.add(where, "must be a claim id or an object {id, role, quote}")
        return None
    nested = r.nested(where, item)
    before = len(r.problems.errors)
    claim_id = nested.integer("id", low=1, high=(1 << 63) - 1)
    role = nested.choice("role", CLAIM_ROLES, required=False) or "reports"
    quote = nested.integer("quote", required=False, low=0, high=10_000)
    if len(r.problems.errors) > before or claim_id is None:
        return None
    return ClaimRef(id=claim_id, role=role, quote=quote)  # type: ignore[arg-type]


def check_claim_refs(
    refs: Sequence[ClaimRef], blocks: Sequence[Block], problems: Collector
) -> None:
    """A claim marked on a quoted passage must point at a quote or a social post."""
    for index, ref in enumerate(refs):
        if ref.quote is None:
            continue
        if ref.quote >= len(blocks) or blocks[ref.quote].type not in QUOTING_BLOCKS:
            problems.add(
                f"claims[{index}].quote",
                f"block {ref.quote} of this update is not a quote or a social post",
            )


def require_claim_ids(refs: Sequence[ClaimRef], known: set[int]) -> None:
    """Every claim an update carries must be one of its blog's claims."""
    problems = Collector()
    for index, ref in enumerate(refs):
        if ref.id not in known:
            problems.add(f"claims[{index}]", f"there is no claim {ref.id} in this blog")
    problems.raise_if_any()


def verdict_phrase(claim: Claim) -> str:
    """The sentence a screen reader announces when a claim's status changes."""
    return f"Claim now {claim.label}: {claim.statement}"
