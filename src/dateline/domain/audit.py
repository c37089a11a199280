"""The audit log: who did what to which update, in the newsroom's words, for admins.

A blog's entries are read from its change log, which already records the actor,
the time and the revision of every change (the desk's drafts included); the
newsroom's own record (tokens, sources) is kept beside it. This module only names
what each recorded change was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AuditEntry:
    """One thing someone did. `blog` is None for the newsroom's own record."""

    at: datetime
    actor: str | None
    action: str
    blog: str | None = None
    seq: int | None = None  # the change's number in the blog's log
    update_id: int | None = None
    version: int | None = None
    claim_id: int | None = None
    status: str | None = None  # the update's or claim's status after it
    subject: str = ""  # what else names the thing done: a key event's title, a token's label


def post_action_name(logged: str, before: str | None, after: str) -> str:
    """What a post change was, from the change log's action and the statuses around it.

    The change log says only `desk` for work readers never see; the audit log tells
    a draft from a schedule, an unpublish and a deleted draft.
    """
    if logged == "publish":
        return "restore" if before == "deleted" else "publish"
    if logged == "key":
        return "key event"
    if logged != "desk":
        return logged  # edit, delete, pin, unpin
    if after == "deleted":
        return "delete draft"
    if before == "published":
        return "unpublish"
    if after == "scheduled":
        return "schedule"
    return "draft" if before is None else "edit draft"


def blog_action_name(logged: str, seq: int) -> str:
    if logged == "end":
        return "end coverage"
    return "create blog" if seq == 1 else "blog settings"


def claim_action_name(version: int | None) -> str:
    return "claim create" if version == 1 else "claim status"
