"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) from a `Feed`.

JSON Feed has no deleted entries: a deleted update is simply no longer listed.
Archives are paged with `next_url` (older entries), as the format provides.
"""

from __future__ import annotations

import json
from typing import Any

from ..domain.times import iso
from .feeds import Feed

VERSION = "https://jsonfeed.org/version/1.1"
MEDIA_TYPE = "application/feed+json; charset=utf-8"


def json_feed(feed: Feed) -> bytes:
    document: dict[str, Any] = {
        "version": VERSION,
        "title": feed.title,
        "home_page_url": feed.page_url,
        "feed_url": feed.current_url or feed.self_url,
        "description": feed.description,
        "authors": [{"name": feed.publisher}],
        "language": feed.language,
    }
    if feed.prev_archive:
        document["next_url"] = feed.prev_archive  # older entries
    if feed.icon:
        document["icon"] = feed.icon
    if feed.logo:
        document["favicon"] = feed.logo
    if feed.ended:
        document["expired"] = True
    document["items"] = [
        {
            "id": entry.id,
            "url": entry.url,
            "title": entry.title,
            "content_html": entry.html,
            "content_text": entry.text,
            "date_published": iso(entry.published),
            "date_modified": iso(entry.updated),
            "authors": [{"name": name} for name in entry.authors or (feed.publisher,)],
            **({"language": entry.language} if entry.language else {}),
            **({"tags": list(entry.tags)} if entry.tags else {}),
        }
        for entry in feed.entries
    ]
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
