"""The media services one application holds, built from its settings.

The store for files, the library that records pictures, the outbound fetcher,
the capturer and the runner of the capture queue. Tests swap the capturer for
one that may reach their local fixtures (`capture_with`); nothing in the
settings can allow that.
"""

from __future__ import annotations

from .. import __version__
from ..settings import Settings
from ..store.database import Database
from ..store.embed_commands import apply_capture
from .capture import Capturer
from .capture_runner import CaptureRunner
from .fetch import Fetcher
from .images import ImageLimits
from .library import MediaLibrary
from .storage import storage_for


def user_agent(public_url: str) -> str:
    """How Dateline names itself to the sites it fetches from, with a way to reach us."""
    return f"Dateline/{__version__} (+{public_url}; embed capture)"


class MediaServices:
    def __init__(self, settings: Settings, database: Database) -> None:
        self.settings = settings
        self.storage = storage_for(settings.media_store)
        limits = ImageLimits(settings.max_upload_bytes, settings.max_image_pixels)
        self.library = MediaLibrary(database, self.storage, limits)
        self.fetcher = Fetcher(user_agent=user_agent(settings.public_url))
        self.capturer = Capturer(
            self.fetcher, self.library.keep_captured, max_picture_bytes=settings.max_upload_bytes
        )
        self.runner = CaptureRunner(
            database, self.capturer, apply_capture, poll_seconds=settings.capture_seconds or 60
        )

    def capture_with(self, capturer: Capturer) -> None:
        """Capture through another capturer (tests: one allowed to reach 127.0.0.1)."""
        self.capturer = capturer
        self.runner.capturer = capturer

    def start(self) -> None:
        if self.settings.capture_seconds > 0:
            self.runner.start()

    async def stop(self) -> None:
        await self.runner.stop()
        await self.fetcher.aclose()
        if self.capturer.fetcher is not self.fetcher:
            await self.capturer.fetcher.aclose()
