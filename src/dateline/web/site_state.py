"""The site's settings as this node knows them: the environment's, under what is stored.

Read at start and every few seconds (another node or the CLI may have set them);
a change empties the page caches so the next page carries the new publisher.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import astuple

from ..domain.errors import Invalid
from ..domain.site import SITE_FIELDS, Site, check_site_fields, site_from
from ..settings import Settings
from ..store.database import Database
from ..store.site_settings import stored_site

REFRESH_SECONDS = 10.0


def site_defaults(settings: Settings) -> Site:
    """The environment's site settings, checked like any other input."""
    raw = {
        "publisher_name": settings.publisher_name,
        "publisher_logo": settings.publisher_logo,
        "home_url": settings.home_url,
        "language": settings.site_language,
    }
    try:
        checked = check_site_fields(raw)
    except Invalid as error:
        names = {"language": "SITE_LANGUAGE"}
        problems = "; ".join(
            f"DATELINE_{names.get(e.field, e.field.upper())} {e.message}" for e in error.errors
        )
        raise ValueError(problems) from None
    return site_from(Site(), checked)


def fingerprint(site: Site) -> str:
    """A short stable digest of the settings: part of the ETag of what shows them."""
    return hashlib.sha256(repr(astuple(site)).encode()).hexdigest()[:8]


class SiteState:
    """The current `Site`, and who to tell when it changes."""

    def __init__(self, settings: Settings, database: Database) -> None:
        self.defaults = site_defaults(settings)
        self.current = self.defaults
        self.fingerprint = fingerprint(self.defaults)
        self._database = database
        self.on_change: list[Callable[[Site], None]] = []

    async def refresh(self) -> Site:
        stored = await self._database.read(stored_site)
        found = site_from(self.defaults, stored)
        if found != self.current:
            self.current = found
            self.fingerprint = fingerprint(found)
            for listener in self.on_change:
                listener(found)
        return found

    def describe(self, stored: dict[str, str]) -> dict[str, object]:
        """The settings as the API shows them: each value, and where it comes from."""
        site = site_from(self.defaults, stored)
        return {
            **{name: getattr(site, name) for name in SITE_FIELDS},
            "stored": sorted(name for name in stored if name in SITE_FIELDS),
        }
