"""Distribution's services on the application: the site's settings, the page
metadata templates call, the feed cache and webhook delivery."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from datetime import datetime
from typing import TYPE_CHECKING

from fastapi import APIRouter

from ..domain.site import Site
from . import api_site, api_webhooks, embed_page, feeds, oembed, sitemaps
from .duties import Duty
from .page_meta import PageMeta
from .pages import BytesCache
from .site_state import REFRESH_SECONDS, SiteState
from .webhook_delivery import WebhookDelivery

if TYPE_CHECKING:
    from .app import Dateline

# Routes with a fixed first segment (`/sitemap.xml`, `/oembed`) must come before the
# reader's `/{slug}`; the rest are `/{slug}/…` and `/api/…`.
ROUTERS: tuple[APIRouter, ...] = (
    api_site.router,
    api_webhooks.router,
    sitemaps.router,
    oembed.router,
    feeds.router,
    embed_page.router,
)


class Distribution:
    def __init__(self, app: Dateline) -> None:
        self.app = app
        self.site = SiteState(app.settings, app.database)
        self.site.on_change.append(self._site_changed)
        self.feeds = BytesCache(16 << 20)
        self.feed_times: OrderedDict[Hashable, datetime | None] = _Bounded()
        self.webhooks = WebhookDelivery(app)
        app.renderer.add_global("page_meta", PageMeta(app.urls, lambda: self.site.current))
        app.duties.add(Duty("refresh the site's settings", REFRESH_SECONDS, self.site.refresh))
        if app.settings.webhook_seconds > 0:
            app.duties.add(
                Duty("deliver webhooks", app.settings.webhook_seconds, self.webhooks.run)
            )

    async def start(self) -> None:
        await self.site.refresh()

    async def stop(self) -> None:
        await self.webhooks.stop()

    def _site_changed(self, _site: Site) -> None:
        # Pages carry the publisher (JSON-LD, Open Graph): render them again.
        self.app.pages.clear()
        self.app.update_pages.clear()


class _Bounded(OrderedDict[Hashable, "datetime | None"]):
    """Feed documents' Last-Modified times, beside the feed cache, bounded like it."""

    LIMIT = 4096

    def __setitem__(self, key: Hashable, value: datetime | None) -> None:
        super().__setitem__(key, value)
        if len(self) > self.LIMIT:
            self.popitem(last=False)
