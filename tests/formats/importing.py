"""Helpers for the import and export tests: import a file into a real database, read it back."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from dateline.domain.blocks import Heading, Quote, SocialPost, Text
from dateline.domain.post import Post
from dateline.domain.roles import Actor, Role
from dateline.domain.sanitise import plain_text
from dateline.formats.importing import ImportReport, import_file
from dateline.store.blog_record import BlogRecord, read_blog_record
from dateline.store.database import Database

FIXTURES = Path(__file__).with_name("fixtures")
IMPORTER = Actor("imports", Role.EDITOR)


def run_import(
    database: Database,
    content: bytes,
    slug: str = "imported",
    *,
    day: date | None = None,
    tz: str = "UTC",
    **options: object,
) -> ImportReport:
    return import_file(
        database,
        content,
        slug,
        IMPORTER,
        day=day,
        zone=ZoneInfo(tz),
        **options,  # type: ignore[arg-type]
    )


def record_of(database: Database, slug: str = "imported") -> BlogRecord:
    return database.run_read(read_blog_record, slug)


def updates_of(record: BlogRecord) -> list[Post]:
    """The published updates, newest first (as the page shows them)."""
    found = [p for p in record.posts if p.kind == "update" and p.status == "published"]
    return sorted(found, key=lambda p: p.published_at or 0, reverse=True)  # type: ignore[arg-type,return-value]


def intro_of(record: BlogRecord) -> Post | None:
    return next((p for p in record.posts if p.kind == "intro"), None)


def words_of(post: Post) -> str:
    """Every word an update shows, block after block."""
    out = []
    for block in post.blocks:
        if isinstance(block, Text):
            out.append(plain_text(block.html))
        elif isinstance(block, (Quote | Heading, SocialPost)):
            out.append(block.text)
    return "\n".join(out)


def socials(post: Post) -> list[SocialPost]:
    return [b for b in post.blocks if isinstance(b, SocialPost)]
