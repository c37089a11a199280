"""What readers receive for each change: the same JSON for the SSE stream and for polling."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

from ..domain.blog import Blog
from ..domain.changes import Change
from ..domain.claims import verdict_phrase
from ..domain.times import iso
from ..render.renderer import Renderer
from . import sse


@dataclass(frozen=True)
class ChangeMessage:
    """One change as a reader's page applies it, with its HTML already rendered.

    Every post change carries the post's whole visible state (html, pinned, key
    event), so a page applies any action the same way: replace what it shows.
    Fields that do not apply are left out of the JSON. The OpenAPI schema of the
    polling feed is derived from these fields.
    """

    seq: int
    action: str
    post_id: int | None = None
    version: int | None = None
    kind: str | None = None
    status: str | None = None
    published_at: str | None = None
    pinned: bool | None = None
    key_event: str | None = None
    html: str | None = None  # the update as an <article>; absent: it leaves the page
    pinned_html: str | None = None  # the same update for the "Latest" slot
    key_event_html: str | None = None  # its entry in the key-events list
    header_html: str | None = None  # the blog's header, after a blog change
    claim_id: int | None = None  # after a claim change: which claim
    claim_status: str | None = None  # its status now
    claim_html: str | None = None  # its verdict, to replace in every badge of that claim
    announce: str | None = None  # what the page's polite live region should say
    public: bool | None = None  # desk feeds only: would readers see this change?
    actor: str | None = None  # desk feeds only: who made it

    def to_json(self) -> dict[str, Any]:
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }


def change_payload(
    change: Change, blog: Blog, renderer: Renderer, *, for_desk: bool = False
) -> dict[str, Any]:
    """The JSON a reader (or, with `for_desk`, the desk) gets for `change`."""
    values: dict[str, Any] = {"seq": change.seq, "action": change.action}
    post = change.post
    if post is not None:
        values.update(
            post_id=post.id,
            version=post.version,
            kind=post.kind,
            status=post.status,
            published_at=iso(post.published_at),
            pinned=post.pinned,
            key_event=post.key_event,
        )
        if post.is_public:
            claims = {claim.id: claim for claim in change.claims}
            # Without share links: the page adds them (render/templates/share.html).
            values["html"] = str(renderer.update(post, blog, claims=claims, shared=False))
            if post.pinned:
                pinned = renderer.update(post, blog, variant="pinned", claims=claims, shared=False)
                values["pinned_html"] = str(pinned)
            if post.key_event:
                values["key_event_html"] = str(renderer.key_event_item(post, blog))
    if change.blog is not None:
        values.update(status=change.blog.status, header_html=str(renderer.blog_header(blog)))
    claim = change.claim
    if claim is not None:
        values.update(
            claim_id=claim.id,
            version=claim.version,
            claim_status=claim.status,
            claim_html=str(renderer.claim_verdict(claim, blog)),
            announce=verdict_phrase(claim),
        )
    if for_desk:
        values.update(public=change.public, actor=change.actor)
    return ChangeMessage(**values).to_json()


def change_frame(change: Change, blog: Blog, renderer: Renderer) -> bytes:
    """The SSE event for a change: rendered and encoded once, written to every reader."""
    data = json.dumps(change_payload(change, blog, renderer), separators=(",", ":"))
    return sse.event(data, id=change.seq)
