"""Capturing an embed: ask the provider (oEmbed or its public API), else read the page.

The answer becomes a snapshot; the pictures it names are downloaded into the
media store where the response allows it (not `no-store` or `private`, a real
picture within the limits) and otherwise remembered by their source only: a
reader's page never loads them from the provider.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from ..domain.blocks import Media
from ..domain.embed_urls import EmbedTarget, recognise
from ..domain.snapshots import Snapshot
from .fetch import Fetched, Fetcher, FetchError
from .metadata import page_metadata
from .providers import (
    BLUESKY_POSTS,
    MASTODON_STATUS,
    OEMBED,
    Picture,
    Reading,
    endpoint,
    from_bluesky,
    from_mastodon,
    from_page,
    from_video_oembed,
    from_x_oembed,
)

MAX_PICTURES = 4
# Keeps a downloaded picture in the media store; returns it as the snapshot shows it.
KeepPicture = Callable[[bytes, Picture], Awaitable[Media]]


class CaptureFailed(Exception):
    """Nothing usable came back; the message says what each attempt met."""


class Capturer:
    """Captures snapshots. One per application; `endpoints` may point at local fixtures."""

    def __init__(
        self,
        fetcher: Fetcher,
        keep_picture: KeepPicture,
        *,
        oembed: Mapping[str, str] = OEMBED,
        bluesky_posts: str = BLUESKY_POSTS,
        mastodon_status: str = MASTODON_STATUS,
        max_picture_bytes: int = 10_000_000,
    ) -> None:
        self.fetcher = fetcher
        self.keep_picture = keep_picture
        self.oembed = dict(oembed)
        self.bluesky_posts = bluesky_posts
        self.mastodon_status = mastodon_status
        self.max_picture_bytes = max_picture_bytes

    async def capture(self, url: str | EmbedTarget, *, now: datetime) -> Snapshot:
        """The snapshot of what `url` shows now. Raises CaptureFailed."""
        target = recognise(url) if isinstance(url, str) else url
        reading = await self._read(target)
        kept = [await self._keep(p) for p in reading.pictures[:MAX_PICTURES]]
        media = tuple(kept) or reading.snapshot.media
        return replace(reading.snapshot, media=media, captured_at=now)

    async def _read(self, target: EmbedTarget) -> Reading:
        problems: list[str] = []
        for way, attempt in self._ways(target):
            try:
                return await attempt()
            except (FetchError, ValueError, KeyError, TypeError, AttributeError) as error:
                problems.append(f"{way}: {error}")
        raise CaptureFailed("; ".join(problems) or "nothing to ask")

    def _ways(self, target: EmbedTarget) -> Iterator[tuple[str, Callable[[], Awaitable[Reading]]]]:
        key = target.provider.key
        if key in self.oembed:
            reader = from_x_oembed if key == "x" else from_video_oembed
            url = endpoint(self.oembed[key], target)
            yield "oEmbed", lambda: self._json(url, target, reader)
        if key == "mastodon":
            url = endpoint(self.mastodon_status, target)
            yield "the instance's API", lambda: self._json(url, target, from_mastodon)
        if key == "bluesky":
            url = endpoint(self.bluesky_posts, target)
            yield "Bluesky's API", lambda: self._json(url, target, from_bluesky)
        yield "the page's metadata", lambda: self._page(target)

    async def _json(
        self,
        url: str,
        target: EmbedTarget,
        reader: Callable[[Mapping[str, Any], EmbedTarget], Reading],
    ) -> Reading:
        answer = (await self.fetcher.get(url, accept="application/json")).json()
        if not isinstance(answer, Mapping):
            raise ValueError("the answer is not a JSON object")
        return reader(answer, target)

    async def _page(self, target: EmbedTarget) -> Reading:
        page = await self.fetcher.get(target.url, accept="text/html,application/xhtml+xml")
        if page.content_type not in ("text/html", "application/xhtml+xml"):
            raise ValueError(f"the page is {page.content_type or 'of no stated type'}, not HTML")
        meta = page_metadata(page.text(), page.url)
        reading = from_page(meta, target)
        if not (reading.snapshot.text or reading.snapshot.title or reading.pictures):
            raise ValueError("the page says nothing about itself (no title, description or image)")
        return reading

    async def _keep(self, picture: Picture) -> Media:
        remembered = Media(url=picture.url, alt=picture.alt, kind=picture.kind)
        try:
            fetched = await self.fetcher.get(
                picture.url, accept="image/*", max_bytes=self.max_picture_bytes
            )
        except FetchError:
            return remembered
        if not _may_keep(fetched):
            return remembered
        try:
            return await self.keep_picture(fetched.content, picture)
        except Exception:  # not a picture, too big, the store is down: the link is kept
            return remembered


def _may_keep(fetched: Fetched) -> bool:
    """False when the response says it must not be stored."""
    cache = fetched.headers.get("cache-control", "").lower()
    return "no-store" not in cache and "private" not in cache
