"""Contributions: a contributor's draft submitted for review, and what an editor says of it.

A submitted draft waits in the editors' queue until an editor publishes it (it is
no longer a draft) or sends it back with a note the contributor sees. The post
itself stays a draft throughout; the review is its own record beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from .errors import Forbidden, Invalid
from .post import Post
from .roles import Actor, Role, at_least

ReviewAction = Literal["submitted", "returned"]
MAX_NOTE = 2000


@dataclass(frozen=True)
class Review:
    """The latest word on a draft: submitted by its writer, or returned by an editor."""

    post_id: int
    action: ReviewAction
    note: str
    actor: str
    created_at: datetime


def check_submit(post: Post, actor: Actor) -> None:
    """Only a draft is submitted, and a contributor submits only their own."""
    if post.status != "draft":
        raise Invalid.one("status", "only a draft can be submitted for review")
    if not at_least(actor.role, Role.EDITOR) and post.created_by != actor.name:
        raise Forbidden("Contributors can submit only their own drafts.")


def check_return(post: Post, latest: Review | None, actor: Actor, note: str) -> None:
    """An editor sends a submitted draft back, saying why."""
    if not at_least(actor.role, Role.EDITOR):
        raise Forbidden("Sending a contribution back needs the editor role.")
    if post.status != "draft" or latest is None or latest.action != "submitted":
        raise Invalid.one("status", "only a draft waiting for review can be sent back")
    if not note.strip():
        raise Invalid.one("note", "is required: tell the contributor what to change")
    if len(note) > MAX_NOTE:
        raise Invalid.one("note", f"is {len(note):,} characters; the limit is {MAX_NOTE:,}")


def is_waiting(post: Post, latest: Review | None) -> bool:
    """In the editors' queue: a draft whose latest review is a submission."""
    return post.status == "draft" and latest is not None and latest.action == "submitted"


def restored_status(before_deletion: str | None) -> Literal["draft", "published"]:
    """A deleted update comes back as it was: on the page if it was there, else a draft.

    A scheduled update comes back as a draft: its time may have passed meanwhile,
    and an editor should choose again rather than have it go out unseen.
    """
    return "published" if before_deletion == "published" else "draft"
