"""The change log: everything a reader can observe, numbered per blog.

Each command appends Changes with a per-blog sequence number (1, 2, 3 … no gaps,
never reused). Live delivery, polling, resume after a dropped connection, and
later the corrections log, webhooks and exports all read this one log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from .blog import Blog
from .claims import Claim
from .post import Post

Action = Literal[
    "blog",  # the blog was created or its settings changed
    "end",  # coverage ended: readers' pages stop listening
    "publish",  # an update appeared on the page
    "edit",  # a published update changed
    "delete",  # a published update left the page
    "pin",
    "unpin",
    "key",  # key-event title set or cleared
    "claim",  # a claim's status (or wording) changed: every update carrying it shows so
    "desk",  # drafts and scheduling: visible to the desk only
]


@dataclass(frozen=True)
class Change:
    blog_id: int
    seq: int
    action: Action
    created_at: datetime
    public: bool
    actor: str | None = None
    post: Post | None = None  # the post as it stood right after the change
    blog: Blog | None = None  # for blog-level actions: the blog right after the change
    # For post changes, the claims the post carries (as they now stand); for a claim
    # change, the claim right after it.
    claims: tuple[Claim, ...] = ()

    @property
    def post_id(self) -> int | None:
        return self.post.id if self.post else None

    @property
    def claim(self) -> Claim | None:
        """The claim a `claim` change is about."""
        return self.claims[0] if self.action == "claim" and self.claims else None


def post_action(before: Post | None, after: Post) -> tuple[Action, bool]:
    """Which action a post change is, and whether readers see it."""
    was_public = before is not None and before.status == "published"
    if after.status == "deleted":
        return ("delete", True) if was_public else ("desk", False)
    if after.status != "published":
        return "desk", False
    if not was_public:
        return "publish", True
    assert before is not None
    if before.pinned != after.pinned:
        return ("pin" if after.pinned else "unpin"), True
    if before.key_event != after.key_event and before.blocks == after.blocks:
        return "key", True
    return "edit", True


def claim_change_public(blog: Blog, carried_by_published_update: bool) -> bool:
    """Readers see a claim once a published update carries it, on a public blog."""
    return carried_by_published_update and blog.status != "draft"


def blog_action(before: Blog | None, after: Blog) -> tuple[Action, bool]:
    """Which action a blog change is, and whether readers see it."""
    if after.status == "ended" and (before is None or before.status != "ended"):
        return "end", True
    return "blog", after.status != "draft"
