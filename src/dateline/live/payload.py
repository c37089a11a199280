"""What readers receive for each change: the same JSON for the SSE stream and for polling."""

from __future__ import annotations

import json
from typing import Any

from ..domain.blog import Blog
from ..domain.changes import Change
from ..domain.times import iso
from ..render.renderer import Renderer
from . import sse


def change_payload(change: Change, blog: Blog, renderer: Renderer) -> dict[str, Any]:
    """The change as a reader's page applies it, with the HTML already rendered.

    Every post change carries the post's whole visible state (html, pinned, key
    event), so a page applies any action the same way: replace what it shows.
    """
    payload: dict[str, Any] = {"seq": change.seq, "action": change.action}
    post = change.post
    if post is not None:
        payload.update(
            post_id=post.id,
            version=post.version,
            kind=post.kind,
            status=post.status,
            published_at=iso(post.published_at),
            pinned=post.pinned,
            key_event=post.key_event,
        )
        if post.is_public:
            payload["html"] = str(renderer.update(post, blog))
            if post.pinned:
                payload["pinned_html"] = str(renderer.update(post, blog, variant="pinned"))
            if post.key_event:
                payload["stamp"] = renderer.stamp(post, blog)
    if change.blog is not None:
        payload.update(status=change.blog.status, header_html=str(renderer.blog_header(blog)))
    return payload


def change_frame(change: Change, blog: Blog, renderer: Renderer) -> bytes:
    """The SSE event for a change: rendered and encoded once, written to every reader."""
    data = json.dumps(change_payload(change, blog, renderer), separators=(",", ":"))
    return sse.event(data, id=change.seq)
