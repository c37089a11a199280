"""A blog with everything a record can hold, built through the store's own commands:
edits with corrections, a deletion, a pin, a key event, a draft, an intro entry, claims
with sources and a history, a picture, social-post snapshots, several languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dateline.domain.media import MediaItem, Rendition
from dateline.store import blog_commands, claim_commands, post_commands, sources
from dateline.store.database import Database
from dateline.store.media import add_media
from tests.conftest import EDITOR

SLUG = "harbour-storm"
PICTURE = MediaItem(
    id="0123456789abcdef0123456789abcdef",
    media_type="image/jpeg",
    width=800,
    height=600,
    renditions=(
        Rendition("0123456789abcdef0123456789abcdef.jpg", 800, 600, "image/jpeg"),
        Rendition("fedcba9876543210fedcba9876543210.webp", 800, 600, "image/webp"),
    ),
    alt="A flooded street by the harbour wall",
    caption="Water over the quay",
    credit="Desk photographer",
)


def build_newsroom_day(database: Database, *, slug: str = SLUG, other_first: bool = True) -> None:
    """Write the blog. `other_first`: another blog comes first, so ids do not start at 1."""

    def write(command, *args, **kwargs):  # type: ignore[no-untyped-def]
        return database.run_write(command, *args, **kwargs)

    if other_first:
        write(blog_commands.create_blog, {"slug": f"{slug}-before", "title": "Before"}, EDITOR)
        write(post_commands.create_post, f"{slug}-before", {"body": "Warm-up."}, EDITOR)
    write(
        blog_commands.create_blog,
        {
            "slug": slug, "title": "Storm over the harbour", "summary": "Live from the coast.",
            "time_zone": "Europe/Lisbon", "stamp_format": "wire",
            "featured_links": [{"label": "Explainer", "title": "Tides", "url": "https://example.org/t"}],
        },
        EDITOR,
    )  # fmt: skip
    write(add_media, PICTURE)
    source = write(sources.create_source, {"name": "Port Authority", "kind": "official"}, EDITOR)
    claim = write(
        claim_commands.create_claim,
        slug,
        {"statement": "The harbour wall has breached", "source_id": source.id},
        EDITOR,
    ).claim
    write(
        post_commands.create_post,
        slug,
        {"kind": "intro", "body": "## How we cover it\n\nThe storm reached the coast at dawn."},
        EDITOR,
    )
    first = write(
        post_commands.create_post,
        slug,
        {"body": "Residents say the wall has breached.", "claims": [claim.id]},
        EDITOR,
    ).post
    write(
        post_commands.create_post,
        slug,
        {
            "blocks": [
                {"type": "text", "html": "<p>Le port est fermé jusqu'à demain.</p>", "lang": "fr"},
                {
                    "type": "social", "url": "https://x.com/port_news/status/1764757862930350080",
                    "author_name": "Port News", "handle": "@port_news",
                    "text": "الميناء مغلق حتى الغد", "lang": "ar", "dir": "rtl",
                    "posted_at": "2024-03-04",
                },
                {"type": "quote", "text": "We reopen when safe.", "attribution": "Harbourmaster"},
                {"type": "image", "media_id": PICTURE.id},
            ]
        },
        EDITOR,
    )  # fmt: skip
    gone = write(post_commands.create_post, slug, {"body": "Posted by mistake."}, EDITOR).post
    write(post_commands.delete_post, slug, gone.id, EDITOR)
    edited = write(
        post_commands.edit_post,
        slug,
        first.id,
        {"body": "Residents say the north wall has breached.", "correction": {
            "kind": "correction", "note": "It is the north wall."}},
        EDITOR,
        version=first.version,
    ).post  # fmt: skip
    write(post_commands.pin_post, slug, edited.id, EDITOR, pinned=True)
    write(post_commands.mark_key_event, slug, edited.id, "Wall breached", EDITOR)
    refuting = write(
        post_commands.create_post,
        slug,
        {"body": "Engineers: the wall holds.", "claims": [{"id": claim.id, "role": "refutes"}]},
        EDITOR,
    ).post
    write(
        claim_commands.change_claim, slug, claim.id,
        {"status": "false", "note": "Inspected at noon", "post_id": refuting.id}, EDITOR, version=1,
    )  # fmt: skip
    later = datetime.now(UTC) + timedelta(days=30)
    write(
        post_commands.create_post,
        slug,
        {"body": "Tomorrow's plan.", "status": "scheduled", "published_at": later.isoformat()},
        EDITOR,
    )
    write(post_commands.create_post, slug, {"body": "A draft.", "status": "draft"}, EDITOR)
