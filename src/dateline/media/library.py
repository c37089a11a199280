"""The media library: pictures in, checked and cleaned, their files stored, the item recorded.

Uploads from the desk and the API, and pictures a capture downloads, all pass
here: the same checks, the same metadata stripping, the same content-addressed
files. Image work runs on a worker thread, never on the event loop.
"""

from __future__ import annotations

import asyncio

from ..domain.blocks import Media
from ..domain.media import MediaItem, Rendition
from ..store.database import Database
from ..store.media import add_media
from .images import ImageLimits, process_image
from .providers import Picture
from .storage import MediaStorage

# A captured picture is shown in a card: this width is plenty, and light.
CARD_WIDTH = 640


class MediaLibrary:
    def __init__(self, database: Database, storage: MediaStorage, limits: ImageLimits) -> None:
        self.database = database
        self.storage = storage
        self.limits = limits

    async def add_picture(
        self,
        content: bytes,
        *,
        alt: str,
        caption: str = "",
        credit: str = "",
        source_url: str = "",
        actor: str | None = None,
    ) -> MediaItem:
        """Check, clean and keep a picture. Raises images.ImageRejected with the reason."""
        processed = await asyncio.to_thread(process_image, content, self.limits)
        for rendition in processed.renditions:
            await self.storage.put(rendition.name, rendition.content)
        item = MediaItem(
            id=processed.id,
            media_type=processed.media_type,
            width=processed.width,
            height=processed.height,
            renditions=tuple(
                Rendition(r.name, r.width, r.height, r.media_type) for r in processed.renditions
            ),
            alt=alt,
            caption=caption,
            credit=credit,
            source_url=source_url,
            created_by=actor,
        )
        return await self.database.write(add_media, item)

    async def keep_captured(self, content: bytes, picture: Picture) -> Media:
        """A picture a capture downloaded, kept, as the snapshot shows it."""
        item = await self.add_picture(content, alt=picture.alt, source_url=picture.url)
        shown = item.fallback(CARD_WIDTH)
        return Media(
            url=picture.url,
            alt=picture.alt,
            kind=picture.kind,
            media_id=item.id,
            file=shown.name,
            width=shown.width,
            height=shown.height,
        )
