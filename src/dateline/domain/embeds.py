"""Embeds in updates: a pasted URL becomes a block that waits for its snapshot.

A URL alone becomes the block its provider's kind calls for (a social post, a
video behind a click-to-load, a link card), holding only the canonical URL until
a capture fills it in. Captures and editors' corrections write snapshots into
those blocks here; which blocks still wait, and so need a capture queued, is
decided here too. Pure: callers pass `now`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .blocks import (
    MAX_CAPTION,
    MAX_SHORT,
    MAX_TEXT,
    Block,
    LinkCard,
    SocialPost,
    Video,
    block_to_dict,
    parse_block,
)
from .embed_urls import recognise
from .errors import Invalid
from .fields import showable
from .snapshots import Snapshot
from .tweet_text import tweet_from_text

if TYPE_CHECKING:  # posts are made of blocks, and Markdown bodies make embeds: no cycle
    from .post import Post

EMBED_TYPES = (SocialPost, Video, LinkCard)
# Fields an editor may fill or correct in an embed's snapshot, by block type.
EDITABLE = {
    "social": ("author_name", "handle", "text", "posted_at", "lang", "dir", "media"),
    "video": ("title", "author_name", "posted_at", "caption", "credit", "lang", "dir", "media"),
    "link": ("title", "description", "site_name", "lang", "dir", "media"),
}


def embed_for_url(url: str, field: str = "url") -> Block:
    """The block a URL alone stands for, waiting for its snapshot."""
    target = recognise(url, field)
    if target.kind == "post":
        return SocialPost(url=target.url, network=target.provider.key)
    if target.kind == "video":
        return Video(url=target.url, provider=target.provider.key)
    return LinkCard(url=target.url)


def social_post_from_text(text: str, *, url: str = "") -> SocialPost | None:
    """A tweet in its text form (`TEXT — Name (@handle) Date`) as a social-post block;
    None when the text has no signature. The importer and Markdown bodies use this."""
    snapshot = tweet_from_text(text, url=url)
    return None if snapshot is None else _social(SocialPost(url=snapshot.url), snapshot)


def needs_capture(block: Block) -> bool:
    """True for an embed that has nothing to show yet but its URL."""
    if isinstance(block, SocialPost):
        return not (block.text or block.author_name or block.captured_at)
    if isinstance(block, Video):
        return bool(block.provider) and not (block.title or block.media or block.captured_at)
    if isinstance(block, LinkCard):
        return not (block.title or block.description or block.captured_at)
    return False


def urls_to_capture(before: Post | None, after: Post) -> list[str]:
    """URLs of embeds in `after` that wait for a capture and did not wait in `before`."""
    if after.status == "deleted":
        return []
    waiting_before = {_url(b) for b in (before.blocks if before else ()) if needs_capture(b)}
    wanted = [_url(b) for b in after.blocks if needs_capture(b)]
    return list(dict.fromkeys(u for u in wanted if u not in waiting_before))


def fill_snapshot(post: Post, url: str, snapshot: Snapshot, *, now: datetime) -> Post | None:
    """The post with every embed of `url` filled from `snapshot`; None if none is there.

    Not an edit of the words the desk wrote: `edited_at` (readers' "Updated 21:50")
    stays as it was.
    """
    blocks = tuple(with_snapshot(b, snapshot) if _fillable(b, url) else b for b in post.blocks)
    if blocks == post.blocks or post.status == "deleted":
        return None
    return replace(post, blocks=blocks, version=post.version + 1, updated_at=now)


def with_snapshot(block: Block, snapshot: Snapshot) -> Block:
    """An embed block holding what `snapshot` captured, within the block's own limits."""
    snapshot = _within_limits(snapshot)
    if isinstance(block, SocialPost):
        return _social(block, snapshot)
    if isinstance(block, Video):
        media = snapshot.media or block.media
        return replace(
            block, title=snapshot.title or snapshot.text[:500], author_name=snapshot.author_name,
            posted_at=snapshot.posted_at, media=media, captured_at=snapshot.captured_at,
            lang=snapshot.lang, dir=snapshot.dir,
        )  # fmt: skip
    if isinstance(block, LinkCard):
        return replace(
            block, title=snapshot.title or snapshot.author_name,
            description=snapshot.text[:MAX_CAPTION],
            site_name=snapshot.site_name, media=snapshot.media, captured_at=snapshot.captured_at,
            lang=snapshot.lang, dir=snapshot.dir,
        )  # fmt: skip
    return block


def correct_embed(block: Block, raw: Mapping[str, Any]) -> Block:
    """An editor's corrections to an embed's snapshot, checked by the block's own rules."""
    if not isinstance(block, EMBED_TYPES):
        raise Invalid.one("index", "that block is not an embed")
    allowed = EDITABLE[block.type]
    unknown = sorted(set(raw) - set(allowed) - {"version"})
    if unknown:
        raise Invalid.one(unknown[0], f"cannot be set here; use one of: {', '.join(allowed)}")
    merged = {**block_to_dict(block), **{k: v for k, v in raw.items() if k in allowed}}
    return parse_block({k: v for k, v in merged.items() if v is not None})


def _fillable(block: Block, url: str) -> bool:
    """An embed of `url` still waiting, or filled by an earlier capture (a refresh).

    One an editor filled by hand (words, no capture time) is theirs: never overwritten.
    """
    if not isinstance(block, EMBED_TYPES) or _url(block) != url:
        return False
    return needs_capture(block) or block.captured_at is not None


def _within_limits(snapshot: Snapshot) -> Snapshot:
    """What a provider sent, cut to what an editor could have typed, and showable."""
    return replace(
        snapshot,
        author_name=showable(" ".join(snapshot.author_name.split()))[:200],
        handle=showable(" ".join(snapshot.handle.split()))[:100],
        text=showable(snapshot.text)[:MAX_TEXT],
        title=showable(" ".join(snapshot.title.split()))[:MAX_SHORT],
        site_name=showable(" ".join(snapshot.site_name.split()))[:200],
        media=tuple(replace(m, alt=showable(m.alt)[:MAX_SHORT]) for m in snapshot.media),
    )


def _social(block: SocialPost, snapshot: Snapshot) -> SocialPost:
    return replace(
        block, author_name=snapshot.author_name, handle=snapshot.handle,
        text=snapshot.text, posted_at=snapshot.posted_at, network=snapshot.provider,
        media=snapshot.media, captured_at=snapshot.captured_at, lang=snapshot.lang,
        dir=snapshot.dir,
    )  # fmt: skip


def _url(block: Block) -> str:
    return str(getattr(block, "url", ""))
