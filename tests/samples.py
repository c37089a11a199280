"""A blog with everything a page can show: an intro with sections, a pinned update,
key events, every block type, text in several scripts. Written for these tests
(fictional events), published through the real API."""

from __future__ import annotations

from typing import Any

import httpx

EVERY_BLOCK: list[dict[str, Any]] = [
    {"type": "text", "html": "<p>Water is back in the <strong>northern</strong> district.</p>"},
    # A pasted Arabic paragraph with no language or direction set.
    {"type": "text", "html": "<p>عادت المياه إلى الحي الشمالي صباح اليوم.</p>"},
    {"type": "heading", "text": "At the bridge"},
    {
        "type": "quote",
        "text": "We will keep the corridor open through the night.",
        "attribution": "A ministry spokesperson",
        "source_url": "https://gov.example/statement",
    },
    {
        "type": "social",
        "network": "x",
        "url": "https://x.com/riverwatch/status/1",
        "author_name": "River Watch",
        "handle": "@riverwatch",
        "text": "الجسر مغلق الآن",
        "lang": "ar",
        "posted_at": "2026-03-02T20:40:00Z",
        "media": [{"url": "https://img.example/bridge.jpg", "alt": "The closed bridge"}],
    },
    {
        "type": "image",
        "url": "https://img.example/river.jpg",
        "alt": "The river at dusk",
        "caption": "The river at dusk",
        "credit": "Photo: Desk",
        "width": 1200,
        "height": 800,
    },
    {"type": "video", "url": "https://video.example/clip.mp4", "caption": "The crossing"},
    {
        "type": "link",
        "url": "https://news.example/analysis",
        "title": "Analysis: the crossing",
        "description": "Three questions answered.",
        "site_name": "News Example",
    },
]

BLOG = {
    "slug": "river",
    "title": "The river crossing",
    "summary": "Live coverage of the reopening.",
    "time_zone": "Europe/Paris",
    "stamp_format": "wire",
    "cover": {
        "url": "https://img.example/cover.jpg",
        "alt": "Crowds on the embankment",
        "caption": "Crowds waiting at dawn",
        "credit": "Photo: Desk",
    },
    "featured_links": [
        {"label": "FEATURE", "title": "How the bridge was built", "url": "https://n.example/b"}
    ],
}


async def post(
    client: httpx.AsyncClient, headers: dict[str, str], slug: str, **fields: Any
) -> dict[str, Any]:
    response = await client.post(f"/api/v1/blogs/{slug}/posts", json=fields, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def full_blog(
    client: httpx.AsyncClient, headers: dict[str, str], slug: str = "river"
) -> dict[str, Any]:
    """Create the blog; return the ids of what it holds."""
    created = await client.post("/api/v1/blogs", json={**BLOG, "slug": slug}, headers=headers)
    assert created.status_code == 201, created.text
    intro = await post(
        client, headers, slug, kind="intro", published_at="2026-03-02T06:00:00Z",
        body="## What we know\n\nThe bridge closed last week.\n\n## Background\n\nIt is old.",
    )  # fmt: skip
    every = await post(
        client, headers, slug, blocks=EVERY_BLOCK, published_at="2026-03-02T20:45:00Z",
        key_event="The bridge reopens", authors=["Mira Sol"],
    )  # fmt: skip
    quote = await post(
        client, headers, slug, published_at="2026-03-02T21:15:00Z",
        body="The mayor spoke:\n\n> The bridge is safe.\n> — The mayor", key_event="Mayor speaks",
    )  # fmt: skip
    pinned = await post(client, headers, slug, body="Follow the *latest* here.", pinned=True)
    return {"intro": intro, "every": every, "quote": quote, "pinned": pinned}
