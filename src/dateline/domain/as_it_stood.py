"""The page as it stood: a blog rebuilt as readers saw it at a past moment.

The store hands over every update as it stood then (its latest revision at that
moment), the same updates as they are now, the blog's settings then and each
claim as it stood then. From those this decides what the page showed, and what
has since been taken down: an update deleted since, or reworded by a legal
redaction since, is "withdrawn". Readers get a notice in its place; editors (the
audit view) get the wording as it was, marked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from .blog import Blog
from .claims import Claim
from .corrections import redacted_since
from .post import Post

MAX_KEY_EVENTS = 50


@dataclass(frozen=True)
class Withdrawal:
    """Why wording shown then is not shown now, and since when."""

    kind: Literal["removed", "redacted"]
    at: datetime | None


@dataclass(frozen=True)
class Entry:
    """An update (or the intro entry) as it stood, and whether it has been withdrawn since."""

    post: Post
    withdrawn: Withdrawal | None = None


@dataclass(frozen=True)
class Moment:
    at: datetime
    blog: Blog  # the blog's settings as they stood
    updates: list[Entry]  # in the blog's order then
    pinned: Entry | None
    key_events: list[Entry]
    intro: Entry | None
    claims: Mapping[int, Claim] = field(default_factory=dict)  # as they stood

    @property
    def was_public(self) -> bool:
        return self.blog.status != "draft"


def withdrawal(then: Post, now: Post | None) -> Withdrawal | None:
    """Has the wording `then` been taken down since? Deleted, or redacted after that version."""
    if now is None or now.status == "deleted":
        return Withdrawal("removed", now.updated_at if now else None)
    redaction = redacted_since(now.corrections, then.version)
    if redaction is not None:
        return Withdrawal("redacted", redaction.at)
    return None


def rebuild(
    at: datetime,
    blog: Blog,
    posts_then: Iterable[Post],
    posts_now: Mapping[int, Post],
    claims_then: Mapping[int, Claim],
) -> Moment:
    """The page at `at`: what was published then, in the order and places it then had."""
    entries = [
        Entry(post, withdrawal(post, posts_now.get(post.id)))
        for post in posts_then
        if post.status == "published"
    ]
    if blog.status == "draft":
        entries = []
    newest_first = blog.order == "newest"
    updates = sorted(
        (e for e in entries if e.post.kind == "update"),
        key=lambda e: _order_key(e.post),
        reverse=newest_first,
    )
    pinned = [e for e in updates if e.post.pinned]
    key_events = [e for e in updates if e.post.key_event][:MAX_KEY_EVENTS]
    intros = sorted((e for e in entries if e.post.kind == "intro"), key=lambda e: e.post.id)
    return Moment(
        at=at,
        blog=blog,
        updates=updates,
        pinned=pinned[0] if pinned else None,
        key_events=key_events,
        intro=intros[0] if intros else None,
        claims=claims_then,
    )


def page_of(
    entries: Sequence[Entry],
    after: tuple[datetime, int] | None,
    *,
    newest_first: bool,
    size: int,
) -> tuple[list[Entry], Post | None]:
    """One page of entries after a cursor position, and the last post if more follow."""
    if after is not None:
        if newest_first:
            entries = [e for e in entries if _order_key(e.post) < after]
        else:
            entries = [e for e in entries if _order_key(e.post) > after]
    shown = list(entries[:size])
    more = len(entries) > size
    return shown, (shown[-1].post if more and shown else None)


def _order_key(post: Post) -> tuple[datetime, int]:
    assert post.published_at is not None
    return post.published_at, post.id
