"""The reader page, rendered once per sequence number and served from bytes.

A breaking-news spike is thousands of readers asking for the same page. The
page only changes when the blog's sequence number does, so it is rendered
once per (blog, sequence, cursor), kept as bytes (plain and gzipped), and every
other request is a dictionary lookup. Concurrent misses share one render.
"""

from __future__ import annotations

import asyncio
import gzip
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import brotli
from sqlalchemy import Connection

from ..domain.blog import Blog
from ..render.renderer import PageView
from ..store import queries
from ..store.claim_queries import claims_of_posts, settled_claims
from .http import header_lines

if TYPE_CHECKING:
    from .app import Dateline


class BytesCache:
    """An LRU of ready-to-send response bodies, bounded by their total size.

    Bounded in bytes, not entries: one answer may be a few hundred bytes or a few
    megabytes, and whoever picks the URLs must not be able to pick the memory.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()

    def get(self, key: Hashable) -> bytes | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def clear(self) -> None:
        self._items.clear()
        self.size = 0

    def put(self, key: Hashable, value: bytes) -> None:
        if len(value) > self.max_bytes:
            return
        old = self._items.pop(key, None)
        self.size += len(value) - (len(old) if old is not None else 0)
        self._items[key] = value
        while self.size > self.max_bytes:
            self.size -= len(self._items.popitem(last=False)[1])


Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class RenderedPage:
    body: bytes
    gzipped: bytes
    brotli: bytes
    etag: bytes
    seq: int
    blog: Blog
    # Ready-made answers, so a cache hit builds nothing: the headers of a 304, and the
    # headers and body of a 200 per content coding ("" for none).
    unchanged: Headers = field(default_factory=list)
    answers: dict[str, tuple[Headers, bytes]] = field(default_factory=dict)
    # The same headers as lines on the wire, for the server's quick path (connections.py).
    unchanged_lines: bytes = b""
    answer_lines: dict[str, bytes] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped) + len(self.brotli)


def with_answers(page: RenderedPage, max_age: int, extra: Headers) -> RenderedPage:
    """The page with its ready-made answers: ETag, caching, Vary and the page's own headers."""
    unchanged = [
        (b"etag", page.etag),
        (b"cache-control", b"public, max-age=%d, stale-while-revalidate=30" % max_age),
        (b"vary", b"accept-encoding"),
        *extra,
    ]
    if page.blog.noindex:  # embargoed or sensitive coverage: search engines stay away
        unchanged.append((b"x-robots-tag", b"noindex, nofollow"))
    answers = {}
    for coding, body in (("", page.body), ("gzip", page.gzipped), ("br", page.brotli)):
        headers = [*unchanged, (b"content-type", b"text/html; charset=utf-8")]
        if coding:
            headers.append((b"content-encoding", coding.encode()))
        headers.append((b"content-length", b"%d" % len(body)))
        answers[coding] = (headers, body)
    return replace(
        page,
        unchanged=unchanged,
        answers=answers,
        unchanged_lines=header_lines(unchanged),
        answer_lines={coding: header_lines(headers) for coding, (headers, _) in answers.items()},
    )


def read_page_view(conn: Connection, blog_id: int, *, size: int, cursor: str | None) -> PageView:
    """Everything the page shows, from one snapshot of the store."""
    blog = queries.get_blog_by_id(conn, blog_id)
    newest_first = blog.order == "newest"
    page = queries.page_of_updates(
        conn, blog.id, newest_first=newest_first, limit=size, cursor=cursor
    )
    pinned = None if cursor else queries.pinned_update(conn, blog.id)
    intro = queries.intro_entry(conn, blog.id)
    return PageView(
        blog=blog,
        seq=blog.last_seq,
        updates=page.posts,
        next_cursor=page.next_cursor,
        pinned=pinned,
        key_events=[] if cursor else queries.key_events(conn, blog.id, newest_first=newest_first),
        intro=intro,
        cursor=cursor,
        claims=claims_of_posts(conn, [*page.posts, pinned, intro]),
        settled_claims=settled_claims(conn, blog),
    )


class PageCache:
    def __init__(self, app: Dateline, max_bytes: int = 64 << 20) -> None:
        self.app = app
        self._pages: OrderedDict[Hashable, RenderedPage] = OrderedDict()
        self._max_bytes = max_bytes
        self._bytes = 0
        self._rendering: dict[Hashable, asyncio.Future[RenderedPage]] = {}

    def clear(self) -> None:
        """Forget every page (something every page shows has changed, not a blog)."""
        self._pages.clear()
        self._bytes = 0

    def ready_blog_page(self, slug: str) -> RenderedPage | None:
        """The blog's first page if it is rendered and current, without waiting for anything."""
        channel = self.app.hub.loaded(slug)
        return None if channel is None else self._pages.get((slug, channel.last_seq, None))

    async def blog_page(self, slug: str, cursor: str | None) -> RenderedPage:
        channel = await self.app.hub.channel(slug)
        key = (slug, channel.last_seq, cursor)
        page = self._pages.get(key)
        if page is not None:
            return page
        pending = self._rendering.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[RenderedPage] = asyncio.get_running_loop().create_future()
        self._rendering[key] = future
        try:
            page = await self._render(channel.blog.id, cursor)
            # Keep it under the sequence it was rendered at (the store may be a step
            # ahead of this node) and under the one asked for.
            self._keep((slug, page.seq, cursor), page)
            self._keep(key, page)
            future.set_result(page)
            return page
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: no "never retrieved" warning if nobody waits
            raise
        finally:
            del self._rendering[key]

    async def _render(self, blog_id: int, cursor: str | None) -> RenderedPage:
        size = self.app.settings.page_size
        # The page shows the site's settings (the publisher) as well as the blog: its
        # ETag changes with them, or a reader holding the page would get a 304.
        site = self.app.distribution.site.fingerprint
        view = await self.app.database.read(read_page_view, blog_id, size=size, cursor=cursor)
        # Rendering and compressing a long page takes milliseconds: in a worker thread,
        # so the event loop (and every live reader's next frame) never waits for it.
        return await asyncio.to_thread(self._encode, blog_id, view, site)

    def _encode(self, blog_id: int, view: PageView, site: str) -> RenderedPage:
        body = self.app.renderer.page(view).encode()
        version = self.app.renderer.asset_version
        etag = b'W/"%d-%d-%s-%s"' % (blog_id, view.seq, version.encode(), site.encode())
        # Brotli at quality 5 is both quicker than gzip at 6 and a tenth smaller.
        compact = brotli.compress(body, quality=5)
        page = RenderedPage(body, gzip.compress(body, 6), compact, etag, view.seq, view.blog)
        return with_answers(page, self.app.settings.page_max_age, self.app.page_headers)

    def _keep(self, key: Hashable, page: RenderedPage) -> None:
        old = self._pages.pop(key, None)
        if old is not None:
            self._bytes -= old.size
        self._pages[key] = page
        self._bytes += page.size
        while self._bytes > self._max_bytes and len(self._pages) > 1:
            self._bytes -= self._pages.popitem(last=False)[1].size
