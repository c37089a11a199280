"""Feeds: Atom and JSON Feed per blog (with archives of older entries), and the
site's feed of every live blog. Only what readers may see; conditional GET."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from ..domain.blog import Blog, is_blog_slug
from ..domain.claims import Claim
from ..domain.errors import NotFound
from ..domain.post import Post
from ..domain.visibility import may_see_blog, may_see_post
from ..formats.atom import MEDIA_TYPE as ATOM_TYPE
from ..formats.atom import atom_feed
from ..formats.feeds import Deletion, Entry, Feed, blog_feed_id, entry_id, site_feed_id
from ..formats.json_feed import MEDIA_TYPE as JSON_FEED_TYPE
from ..formats.json_feed import json_feed
from ..formats.json_ld import absolute
from ..formats.post_text import headline, post_text
from ..render.feed_html import feed_html
from ..store.feed_queries import FeedPage, feed_page, newest_across_live_blogs
from ..store.queries import blog_sequences
from ..urls import Urls
from .conditional import conditional
from .deps import App
from .params import MAX_ID, Slug

router = APIRouter(include_in_schema=False)
FEED_SIZE = 50
Kind = Literal["atom", "json"]
_WRITERS = {"atom": (atom_feed, ATOM_TYPE), "json": (json_feed, JSON_FEED_TYPE)}
ArchivePage = Annotated[int | None, Query(ge=1, le=MAX_ID, description="An archive page.")]
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@router.get("/feed.{kind}")
async def site_feed(app: App, request: Request, kind: Kind) -> Response:
    """The newest updates of every live blog."""
    sequences = await app.database.read(blog_sequences)
    site = app.distribution.site.current
    state = hashlib.sha256(repr(sorted(sequences.items())).encode()).hexdigest()[:12]
    etag = f'W/"site-{state}-{app.distribution.site.fingerprint}"'
    key = ("site", kind, etag)
    body = app.distribution.feeds.get(key)
    if body is None:
        found = await app.database.read(newest_across_live_blogs, limit=FEED_SIZE)
        entries = [
            _entry(app, post, found.blogs[post.blog_id], found.claims)
            for post in found.posts
            if may_see_post(post, found.blogs[post.blog_id], None)
        ]
        feed = Feed(
            id=site_feed_id(app.urls),
            title=f"{site.publisher_name}: live coverage",
            description=f"Every update in {site.publisher_name}'s live blogs.",
            language=site.language,
            page_url=app.urls.home(absolute=True),
            self_url=app.urls.feed(None, kind),
            current_url=app.urls.feed(None, kind),
            updated=max((e.updated for e in entries), default=_EPOCH),
            publisher=site.publisher_name,
            entries=entries,
            logo=absolute(app.urls, site.publisher_logo),
        )
        write, _ = _WRITERS[kind]
        body = write(feed)
        app.distribution.feeds.put(key, body)
    modified = None  # sequences say when something changed, not when
    return conditional(
        request, body, etag=etag, modified=modified, media_type=_WRITERS[kind][1],
        max_age=app.settings.page_max_age,
    )  # fmt: skip


@router.get("/{slug}/feed.{kind}")
async def blog_feed(
    app: App, request: Request, slug: Slug, kind: Kind, page: ArchivePage = None
) -> Response:
    """A blog's newest updates (or, with `page`, an archive of older ones)."""
    if not is_blog_slug(slug):
        raise NotFound("blog", slug)
    channel = await app.hub.channel(slug)
    if not may_see_blog(channel.blog, None):
        raise NotFound("blog", slug)
    site_tag = app.distribution.site.fingerprint
    etag = f'W/"feed-{channel.blog.id}-{channel.last_seq}-{page or 0}-{site_tag}"'
    key = (slug, kind, etag)
    cached = app.distribution.feeds.get(key)
    modified = app.distribution.feed_times.get(key)
    if cached is None:
        found = await app.database.read(feed_page, slug, size=FEED_SIZE, page=page)
        if page is not None and page > found.archives:
            raise NotFound("archive page", page)
        write, _ = _WRITERS[kind]
        cached = write(_blog_feed(app, found, kind))
        modified = found.changed_at
        app.distribution.feeds.put(key, cached)
        app.distribution.feed_times[key] = modified
    return conditional(
        request, cached, etag=etag, modified=modified, media_type=_WRITERS[kind][1],
        max_age=app.settings.page_max_age if page is None else 3600,
    )  # fmt: skip


def _blog_feed(app: App, found: FeedPage, kind: Kind) -> Feed:
    blog, urls, site = found.blog, app.urls, app.distribution.site.current
    entries = [
        _entry(app, post, blog, found.claims)
        for post in found.posts
        if may_see_post(post, blog, None)
    ]
    deletions = [
        Deletion(
            entry_id(blog, r.post_id, urls), urls.update(blog.slug, r.post_id, absolute=True), r.at
        )
        for r in found.removals
    ]
    archive = found.page
    newest = found.archives
    return Feed(
        id=blog_feed_id(blog, urls),
        title=blog.title,
        description=blog.summary,
        language=blog.language,
        page_url=urls.blog(blog.slug, absolute=True),
        self_url=urls.feed(blog.slug, kind, page=archive),
        current_url=urls.feed(blog.slug, kind),
        updated=found.changed_at or blog.updated_at or _EPOCH,
        publisher=site.publisher_name,
        entries=entries,
        deletions=deletions,
        logo=absolute(urls, blog.cover.url if blog.cover else site.publisher_logo),
        prev_archive=_archive(urls, blog, kind, (archive or newest + 1) - 1),
        next_archive=_archive(urls, blog, kind, archive + 1)
        if archive and archive < newest
        else "",
        is_archive=archive is not None,
        ended=blog.status == "ended",
    )


def _archive(urls: Urls, blog: Blog, kind: Kind, page: int) -> str:
    return urls.feed(blog.slug, kind, page=page) if page >= 1 else ""


def _entry(app: App, post: Post, blog: Blog, claims: Mapping[int, Claim]) -> Entry:
    assert post.published_at is not None
    carried = [claims[r.id] for r in post.claims if r.id in claims]
    # A claim's new status shows in the entries that carry it: they count as updated.
    changed = [post.edited_at or post.published_at, *(c.status_changed_at for c in carried)]
    return Entry(
        id=entry_id(blog, post.id, app.urls),
        url=app.urls.update(blog.slug, post.id, absolute=True),
        title=headline(post, blog),
        html=feed_html(app.renderer, post, blog, claims),
        text=post_text(post),
        published=post.published_at,
        updated=max(t for t in changed if t is not None),
        authors=post.authors,
        language=blog.language,
        tags=post.tags,
    )
