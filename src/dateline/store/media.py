"""Media items in the store: recorded once per picture, looked up by id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, insert, select

from ..domain.blocks import Block, Image
from ..domain.errors import Collector, NotFound
from ..domain.media import MediaItem, rendition_dicts, renditions_from
from .database import Tx
from .schema import media


def add_media(tx: Tx, item: MediaItem) -> MediaItem:
    """Record a picture; the same picture again gives back the item already kept."""
    existing = tx.conn.execute(select(media).where(media.c.id == item.id)).mappings().first()
    if existing is not None:
        return media_from_row(existing)
    item = replace(item, created_at=tx.now)
    tx.conn.execute(insert(media), media_to_row(item))
    return item


def get_media(conn: Connection, media_id: str) -> MediaItem:
    row = conn.execute(select(media).where(media.c.id == media_id)).mappings().first()
    if row is None:
        raise NotFound("media item", media_id)
    return media_from_row(row)


def find_media(conn: Connection, ids: list[str]) -> dict[str, MediaItem]:
    """The items among `ids` that exist, by id."""
    if not ids:
        return {}
    rows = conn.execute(select(media).where(media.c.id.in_(ids))).mappings()
    return {row["id"]: media_from_row(row) for row in rows}


def with_pictures(
    conn: Connection, blocks: tuple[Block, ...], field: str = "blocks"
) -> tuple[Block, ...]:
    """Image blocks naming an upload (`media_id`) given its files, size and alt text."""
    wanted = [b.media_id for b in blocks if isinstance(b, Image) and b.media_id]
    if not wanted:
        return blocks
    found = find_media(conn, wanted)
    problems = Collector()
    out: list[Block] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Image) and block.media_id:
            item = found.get(block.media_id)
            if item is None:
                problems.add(
                    f"{field}[{index}].media_id", "no picture has this id; upload it first"
                )
                continue
            block = replace(
                block, url="", width=item.width, height=item.height,
                renditions=item.renditions, alt=block.alt or item.alt,
            )  # fmt: skip
            if not block.alt:
                problems.add(
                    f"{field}[{index}].alt", "describe the image for readers who cannot see it"
                )
        out.append(block)
    problems.raise_if_any()
    return tuple(out)


def media_to_row(item: MediaItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "media_type": item.media_type,
        "width": item.width,
        "height": item.height,
        "renditions": rendition_dicts(item),
        "alt": item.alt,
        "caption": item.caption,
        "credit": item.credit,
        "source_url": item.source_url,
        "created_by": item.created_by,
        "created_at": item.created_at,
    }


def media_from_row(row: Mapping[Any, Any]) -> MediaItem:
    return MediaItem(
        id=row["id"],
        media_type=row["media_type"],
        width=row["width"],
        height=row["height"],
        renditions=renditions_from(row["renditions"]),
        alt=row["alt"],
        caption=row["caption"],
        credit=row["credit"],
        source_url=row["source_url"],
        created_by=row["created_by"],
        created_at=row["created_at"],
    )
