"""The application factory: everything is built here from one Settings value."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import re
from collections.abc import AsyncIterator
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from .. import __version__
from ..domain.blog import SLUG, is_blog_slug
from ..live.broadcast import Broadcast, broadcast_for
from ..live.grip import GripPublisher
from ..live.hub import Hub
from ..media.service import MediaServices
from ..render.renderer import Renderer
from ..settings import Settings
from ..store import migrate
from ..store.database import Database
from ..store.forgotten import end_forgotten_blogs
from ..store.post_commands import release_due_posts
from ..urls import Urls
from . import (
    api_audit,
    api_blogs,
    api_changes,
    api_claims,
    api_compose,
    api_embeds,
    api_import_export,
    api_locks,
    api_media,
    api_posts,
    api_reviews,
    api_sources,
    api_tokens,
    as_it_stood,
    distribution,
    errors,
    openapi,
    operators,
    reader,
    record,
    stream,
)
from . import desk as desk_pages
from .admission import Admission
from .assets import Assets
from .auth import authenticate_writer
from .connections import QuickAnswer
from .desk import blog_desk
from .desk import importing as desk_importing
from .distribution import Distribution
from .duties import Duties, Duty, lease_for
from .edit_locks import EditLocks
from .headers import SecurityHeaders, common_headers, page_headers
from .idempotency import Idempotency
from .limits import RequestLimits
from .metrics import Metrics
from .pages import BytesCache, PageCache
from .request_ids import RequestIds

log = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")
# Swagger UI 5, as packaged by fastapi-offline: the API reference needs no other host.
SWAGGER_UI = Path(str(files("fastapi_offline") / "static"))
# The two hottest paths, answered before any framework routing: the page and the stream.
_READER_PATH = re.compile("/(" + SLUG.pattern + ")/(live)?")  # fullmatch, never `$`


def _asset_version() -> str:
    """A short hash of the static files, so browsers refetch them after an upgrade."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(STATIC.glob("*.*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


class Dateline:
    """The ASGI application, holding every service built from the settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        pool = settings.db_pool_size
        self.database = Database(settings.database_url, readers=pool, writers=pool)
        self.urls = Urls(settings.public_url, _asset_version())
        self.assets = Assets(STATIC, "/static", self.urls.asset_version)
        self.renderer = Renderer(self.urls)
        self.hub = Hub(self.database, self.renderer, settings)
        self.broadcast: Broadcast = broadcast_for(settings.broadcast_url)
        self.database.on_commit.append(self.broadcast.publish)
        self.media = MediaServices(settings, self.database)
        self.database.on_commit.append(self.media.runner.wake_for)
        self.pages = PageCache(self)
        self.admission = Admission(
            total=settings.max_streams, per_client=settings.max_streams_per_client
        )
        self.changes_cache = BytesCache(32 << 20)
        self.update_pages = BytesCache(16 << 20)
        self.edit_locks = EditLocks(self.database)  # who edits which update (soft locks)
        self.api = self._build_api()
        # Everything but the page and the stream passes the limits first (see limits.py).
        self.limited = RequestIds(
            SecurityHeaders(
                RequestLimits(
                    Idempotency(self.api, self.database),
                    authenticate=authenticate_writer(self.database, self.urls),
                    describe=errors.describe,
                    max_body=settings.max_body_bytes,
                    body_seconds=settings.body_seconds,
                    body_limits={
                        self.urls.api_media(): api_media.body_limit(settings),
                        self.urls.path(api_import_export.IMPORT_PATH): (
                            api_import_export.body_limit()
                        ),
                        self.urls.path(api_import_export.BLOG_IMPORT_PATH): (
                            api_import_export.body_limit()
                        ),
                        self.urls.path(desk_importing.PATH): api_import_export.body_limit(),
                    },
                ),
                self.urls,
            )
        )
        # The page and the stream add theirs themselves (nothing wraps their `send`).
        self.page_headers = page_headers(self.urls)
        self.common_headers = common_headers(self.urls)
        self.metrics = Metrics(self)
        self.grip: GripPublisher | None = None
        if settings.fanout not in ("direct", "grip"):
            raise ValueError(f"DATELINE_FANOUT={settings.fanout!r}: use direct or grip")
        if settings.fanout == "grip":  # a GRIP proxy holds the streams (live/grip.py)
            self.grip = GripPublisher(
                settings.grip_publish_url, observe=self.metrics.grip_publish_seconds.observe
            )
            self.database.on_commit.insert(0, self.grip.committed)  # before it is delivered
            self.hub.fanned_out.append(self.grip.fanned_out)
            self.hub.follow_all = True
        self.duties = Duties(lease_for(self.database, settings.node, settings.lease_seconds))
        self.duties.add(
            Duty("release scheduled updates", settings.schedule_seconds, self._release_scheduled)
        )
        self.duties.add(Duty("end forgotten blogs", settings.schedule_seconds, self._end_forgotten))
        self.distribution = Distribution(self)
        if self.grip is not None:
            self.duties.add(Duty("close gaps at the edge", 1.0, self._republish_quiet))

    def _build_api(self) -> FastAPI:
        api = FastAPI(
            title="Dateline",
            version=__version__,
            summary="A live-blog engine: publish updates, read them live.",
            lifespan=self._lifespan,
            docs_url=None,  # our own page, with Swagger UI served from here (reader.py)
            redoc_url=None,
            openapi_url="/api/v1/openapi.json",
            # Starlette's slash redirects build Location from the Host header; ours
            # (reader.py) come from the base URL.
            redirect_slashes=False,
        )
        api.state.dateline = self
        errors.install(api, self.renderer)
        openapi.install(api)
        api.include_router(api_blogs.router)
        api.include_router(api_posts.router)
        api.include_router(api_changes.router)
        api.include_router(api_media.router)
        api.include_router(api_embeds.router)
        api.include_router(api_claims.router)
        api.include_router(api_sources.router)
        api.include_router(api_tokens.router)
        api.include_router(api_audit.router)
        api.include_router(api_import_export.router)
        api.include_router(api_compose.router)
        api.include_router(api_reviews.router)
        api.include_router(api_locks.router)
        api.mount("/static/swagger", StaticFiles(directory=SWAGGER_UI), name="swagger")
        api.mount("/static", StaticFiles(directory=STATIC), name="static")
        desk_pages.install(api)
        api.include_router(blog_desk.router)  # a blog's desk: composer, queue, stream
        for router in distribution.ROUTERS:
            api.include_router(router)
        api.include_router(operators.router)  # before reader's `/{slug}`
        api.include_router(reader.router)
        api.include_router(record.router)
        api.include_router(as_it_stood.router)  # last: `/{slug}/` must not shadow other routes
        return api

    @contextlib.asynccontextmanager
    async def _lifespan(self, _api: FastAPI) -> AsyncIterator[None]:
        await self.start()
        try:
            yield
        finally:
            await self.stop()

    async def start(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self._prepare_database)
        await desk_pages.first_run_hint(self)
        await self.distribution.start()
        if self.grip is not None:
            await self.grip.start()
            await self.hub.follow_every_blog()
        await self.broadcast.start(self.hub)
        await self.hub.count_blogs()
        self.hub.start()
        self.duties.start()
        self.media.start()

    async def stop(self) -> None:
        await self.duties.stop()
        await self.distribution.stop()
        await self.media.stop()
        await self.hub.stop()
        await self.broadcast.stop()
        if self.grip is not None:
            await self.grip.stop()
        self.database.close()

    def _prepare_database(self) -> None:
        if migrate.is_current(self.database):
            return
        if not self.database.is_sqlite:
            raise RuntimeError(
                "The database schema is not up to date. Run `dateline db upgrade` first "
                "(on PostgreSQL it is not upgraded automatically, so nodes never race)."
            )
        migrate.upgrade(self.database)

    async def _republish_quiet(self) -> None:
        assert self.grip is not None
        await self.grip.republish_quiet(self.hub.channels(), self.hub.last_frame)

    async def _release_scheduled(self) -> None:
        await self.database.write(release_due_posts)

    async def _end_forgotten(self) -> None:
        await self.database.write(end_forgotten_blogs)

    def quick_answer(
        self, method: bytes, url: bytes, headers: list[tuple[bytes, bytes]]
    ) -> QuickAnswer | None:
        """An answer the server may send at once, without an ASGI cycle (connections.py):
        only the blog page's first page, only when rendered, current and public. None, and
        the request takes the ordinary path below, which gives the same answer."""
        if method not in (b"GET", b"HEAD") or not url.startswith(b"/") or b"?" in url:
            return None  # a query (a cursor, `?at=`) is never the cached first page
        if b"%" in url:
            return None  # escaped paths are decoded by the ordinary path
        match = _READER_PATH.fullmatch(self.urls.route(url.decode("latin-1")))
        if match is None or match.group(2) or not is_blog_slug(match.group(1)):
            return None
        return reader.quick_blog_page(self, match.group(1), method, headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # RULE: nothing may wrap `send` on the stream path. The hub writes to every
        # reader by stepping the server's own `send` once (live/writes.py); a
        # middleware's wrapper would turn each write into awaited work and break
        # the drop of slow readers. Middleware belongs inside `self.limited`, which
        # the page and the stream never pass through. tests/web/test_app_assembly.py
        # fails if that changes.
        route = scope.get("path", "")
        if self.urls.root and scope["type"] == "http":
            route = self.urls.route(route)
            scope = {**scope, "root_path": self.urls.root, "path": self.urls.root + route}
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            asset = self.assets.get(route)  # the stylesheet and scripts, from memory
            if asset is not None:
                await self.assets.send(asset, scope, send, self.common_headers)
                return
            match = _READER_PATH.fullmatch(route)
            # `?at=` asks for the page as it stood: not the live page (see as_it_stood.py).
            if match and is_blog_slug(match.group(1)) and not as_it_stood.asks_for_the_past(scope):
                if match.group(2):
                    await stream.live(self, match.group(1), scope, receive, send)
                else:
                    await reader.blog_page(self, match.group(1), scope, send)
                return
        await self.limited(scope, receive, send)


def create_app(settings: Settings | None = None) -> Dateline:
    return Dateline(settings or Settings.from_env())
