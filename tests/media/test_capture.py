"""Capturing embeds from a local site that plays each provider: oEmbed, APIs, Open Graph."""

# ruff: noqa: E501

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from PIL import Image

from dateline.domain.tweet_text import tweet_from_text
from dateline.media.capture import CaptureFailed, Capturer
from dateline.media.fetch import Fetcher
from dateline.media.images import ImageLimits
from dateline.media.library import MediaLibrary
from dateline.media.storage import LocalStorage
from dateline.store import migrate
from dateline.store.database import Database
from tests.media.pictures import photo_with_gps
from tests.media.site import Reply

pytestmark = pytest.mark.anyio
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)

TWEET_HTML = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Water is back in the northern districts '
    '<a href="https://twitter.com/hashtag/FloodWatch?src=hash&amp;ref_src=twsrc%5Etfw">#FloodWatch</a> '
    '<a href="https://t.co/AbC123xYz">pic.twitter.com/AbC123xYz</a></p>&mdash; Harbour Desk (@harbour_desk) '
    '<a href="https://twitter.com/harbour_desk/status/1764000000000000000?ref_src=twsrc%5Etfw">March 2, 2024</a>'
    "</blockquote>\n"
)
ARABIC_TWEET_HTML = (
    '<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">وصلت المياه إلى الأحياء الشمالية الليلة</p>'
    "&mdash; Sami Reporter (@sami_reports) "
    '<a href="https://twitter.com/sami_reports/status/1764000000000000001">March 2, 2024</a></blockquote>'
)


def json_reply(document: object, **headers: str) -> Reply:
    return Reply(
        body=json.dumps(document).encode(), headers={"Content-Type": "application/json", **headers}
    )


def html_reply(html: str) -> Reply:
    return Reply(body=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})


def jpeg_reply(**headers: str) -> Reply:
    return Reply(body=photo_with_gps(800, 600), headers={"Content-Type": "image/jpeg", **headers})


@pytest.fixture
async def library(tmp_path) -> AsyncIterator[MediaLibrary]:
    database = Database(f"sqlite:///{tmp_path / 'capture.db'}")
    migrate.upgrade(database)
    yield MediaLibrary(database, LocalStorage(tmp_path / "media"), ImageLimits())
    database.close()


@pytest.fixture
async def capturer(site, library) -> AsyncIterator[Capturer]:
    fetcher = Fetcher(user_agent="Dateline/test", allow_loopback=True, total_timeout=3)
    endpoints = {
        key: site.url(f"/oembed/{key}?url={{url}}") for key in ("x", "youtube", "vimeo", "tiktok")
    }
    yield Capturer(
        fetcher,
        library.keep_captured,
        oembed=endpoints,
        bluesky_posts=site.url("/xrpc/app.bsky.feed.getPosts?uris={uri}"),
    )
    await fetcher.aclose()


async def test_a_tweet_captured_from_oembed_is_the_snapshot_its_text_form_gives(site, capturer):
    site.replies["/oembed/x"] = json_reply({"html": TWEET_HTML, "author_name": "Harbour Desk"})
    snapshot = await capturer.capture(
        "https://twitter.com/harbour_desk/status/1764000000000000000?s=20", now=NOW
    )

    assert (
        site.seen[0].path
        == "/oembed/x?url=https%3A%2F%2Fx.com%2Fharbour_desk%2Fstatus%2F1764000000000000000"
    )
    text_form = tweet_from_text(
        "Water is back in the northern districts #FloodWatch pic.twitter.com/AbC123xYz\n"
        "— Harbour Desk (@harbour_desk) March 2, 2024",
        url="https://x.com/harbour_desk/status/1764000000000000000",
    )
    assert snapshot == replace(text_form, captured_at=NOW)
    assert snapshot.posted_at == datetime(2024, 3, 2, 18, 49, 8, tzinfo=UTC)  # from the status id
    assert (snapshot.lang, snapshot.dir) == ("en", "ltr")


async def test_an_arabic_tweet_is_captured_right_to_left(site, capturer):
    site.replies["/oembed/x"] = json_reply({"html": ARABIC_TWEET_HTML})
    snapshot = await capturer.capture(
        "https://x.com/sami_reports/status/1764000000000000001", now=NOW
    )
    assert snapshot.text == "وصلت المياه إلى الأحياء الشمالية الليلة"
    assert (snapshot.lang, snapshot.dir) == ("ar", "rtl")


async def test_a_page_is_captured_from_its_open_graph_metadata_with_its_picture_kept(
    site, capturer, library
):
    site.replies["/world/ceasefire"] = html_reply(
        '<!doctype html><html lang="fr"><head><title>fallback title</title>'
        '<meta property="og:title" content="Cessez-le-feu &amp; couloirs">'
        '<meta property="og:description" content="Les négociations reprennent à Genève ce soir.">'
        '<meta property="og:site_name" content="Le Quotidien">'
        '<meta property="og:image" content="/pictures/talks.jpg">'
        '<meta property="og:image:alt" content="Delegates around a table">'
        '<meta property="article:published_time" content="2026-11-30T18:00:00+01:00">'
        "</head><body><p>" + "x" * 1000 + "</p></body></html>"
    )
    site.replies["/pictures/talks.jpg"] = jpeg_reply()
    snapshot = await capturer.capture(site.url("/world/ceasefire?utm_source=feed"), now=NOW)

    assert snapshot.url == site.url("/world/ceasefire")
    assert (snapshot.provider, snapshot.title, snapshot.site_name) == (
        "link",
        "Cessez-le-feu & couloirs",
        "Le Quotidien",
    )
    assert snapshot.text == "Les négociations reprennent à Genève ce soir."
    assert (snapshot.lang, snapshot.dir) == ("fr", "ltr")
    assert snapshot.posted_at == datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    assert snapshot.captured_at == NOW
    [picture] = snapshot.media
    assert picture.kept and picture.alt == "Delegates around a table"
    assert picture.url == site.url("/pictures/talks.jpg")
    stored = await library.storage.get(picture.file)
    assert stored is not None
    assert len(Image.open(io.BytesIO(stored)).getexif()) == 0  # no GPS came along


async def test_a_picture_the_response_forbids_storing_is_remembered_not_kept(site, capturer):
    site.replies["/page"] = html_reply(
        '<head><meta property="og:title" content="A page">'
        '<meta property="og:image" content="/no-store.jpg">'
        '<meta name="twitter:image" content="http://10.0.0.9/internal.jpg"></head>'
    )
    site.replies["/no-store.jpg"] = jpeg_reply(**{"Cache-Control": "no-store"})
    snapshot = await capturer.capture(site.url("/page"), now=NOW)
    assert [(m.kept, m.url) for m in snapshot.media] == [
        (False, site.url("/no-store.jpg")),
        (False, "http://10.0.0.9/internal.jpg"),  # a private address: never fetched
    ]


async def test_a_mastodon_status_is_captured_from_its_instance_with_alt_text(site, capturer):
    site.replies["/api/v1/statuses/111222333444555666"] = json_reply(
        {
            "id": "111222333444555666",
            "created_at": "2026-11-30T21:45:10.123Z",
            "language": "uk",
            "content": "<p>Світло повернулося в центр міста.</p><p>Метро працює.</p>",
            "account": {"acct": "kyivdesk", "display_name": "Kyiv Desk"},
            "media_attachments": [
                {
                    "type": "image",
                    "url": site.url("/files/metro.jpg"),
                    "description": "A metro platform with people",
                }
            ],
        }
    )
    site.replies["/files/metro.jpg"] = jpeg_reply()
    snapshot = await capturer.capture(site.url("/@kyivdesk/111222333444555666"), now=NOW)
    assert snapshot.provider == "mastodon"
    assert (snapshot.author_name, snapshot.handle) == (
        "Kyiv Desk",
        f"@kyivdesk@127.0.0.1:{site.port}",
    )
    assert snapshot.text == "Світло повернулося в центр міста.\n\nМетро працює."
    assert (snapshot.lang, snapshot.posted_at) == (
        "uk",
        datetime(2026, 11, 30, 21, 45, 10, tzinfo=UTC),
    )
    assert [(m.alt, m.kept) for m in snapshot.media] == [("A metro platform with people", True)]


async def test_a_bluesky_post_is_captured_from_the_public_api(site, capturer):
    site.replies["/xrpc/app.bsky.feed.getPosts"] = json_reply(
        {
            "posts": [
                {
                    "author": {"handle": "coastdesk.bsky.social", "displayName": "Coast Desk"},
                    "record": {
                        "text": "Ferries resume at noon.\nCheck the timetable.",
                        "createdAt": "2026-11-30T11:02:00Z",
                        "langs": ["en"],
                    },
                    "embed": {
                        "images": [
                            {"fullsize": site.url("/bsky/ferry.jpg"), "alt": "A ferry leaving port"}
                        ]
                    },
                }
            ]
        }
    )
    site.replies["/bsky/ferry.jpg"] = jpeg_reply()
    snapshot = await capturer.capture(
        "https://bsky.app/profile/coastdesk.bsky.social/post/3kq2vbh7xyz2a", now=NOW
    )
    assert (
        "uris=at%3A%2F%2Fcoastdesk.bsky.social%2Fapp.bsky.feed.post%2F3kq2vbh7xyz2a"
        in site.seen[0].path
    )
    assert (snapshot.author_name, snapshot.handle) == ("Coast Desk", "@coastdesk.bsky.social")
    assert snapshot.text == "Ferries resume at noon.\nCheck the timetable."
    assert snapshot.media[0].alt == "A ferry leaving port" and snapshot.media[0].kept


async def test_a_youtube_video_is_captured_with_its_still_kept(site, capturer):
    site.replies["/oembed/youtube"] = json_reply(
        {
            "title": "Flood defences hold overnight",
            "author_name": "Coast News",
            "author_url": "https://www.youtube.com/@coastnews",
            "provider_name": "YouTube",
            "thumbnail_url": site.url("/vi/still.jpg"),
        }
    )
    site.replies["/vi/still.jpg"] = jpeg_reply()
    snapshot = await capturer.capture("https://youtu.be/aB3dE5gH7jK?si=share", now=NOW)
    assert (snapshot.provider, snapshot.title, snapshot.author_name, snapshot.handle) == (
        "youtube", "Flood defences hold overnight", "Coast News", "@coastnews",
    )  # fmt: skip
    assert snapshot.media[0].kind == "video" and snapshot.media[0].kept


async def test_when_every_way_fails_the_error_names_each(site, capturer):
    with pytest.raises(CaptureFailed) as caught:
        await capturer.capture("https://x.com/someone/status/1764000000000000000", now=NOW)
    message = str(caught.value)
    assert "oEmbed:" in message and "answered 404" in message
    assert "the page's metadata:" in message  # x.com itself is not reachable from a test
