"""Embed blocks: what a URL becomes, which wait for a capture, how snapshots fill them."""

# ruff: noqa: E501

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from dateline.domain.blocks import LinkCard, Media, SocialPost, Text, Video
from dateline.domain.embeds import (
    correct_embed,
    embed_for_url,
    fill_snapshot,
    needs_capture,
    social_post_from_text,
    urls_to_capture,
)
from dateline.domain.errors import Invalid
from dateline.domain.post import Post
from dateline.domain.snapshots import Snapshot

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
TWEET = "https://x.com/desk/status/1764000000000000000"


def post_of(*blocks, **fields) -> Post:
    fields.setdefault("status", "published")
    return Post(id=1, blog_id=1, kind="update", blocks=blocks, **fields)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://twitter.com/desk/status/1764000000000000000?s=20",
            SocialPost(url=TWEET, network="x"),
        ),
        (
            "https://t.me/frontline_news/4821",
            SocialPost(url="https://t.me/frontline_news/4821", network="telegram"),
        ),
        (
            "https://youtu.be/aB3dE5gH7jK",
            Video(url="https://www.youtube.com/watch?v=aB3dE5gH7jK", provider="youtube"),
        ),
        ("https://news.example.org/a?utm_source=x", LinkCard(url="https://news.example.org/a")),
    ],
)
def test_a_url_becomes_the_block_its_provider_calls_for_and_waits(url, expected):
    block = embed_for_url(url)
    assert block == expected
    assert needs_capture(block)


def test_only_embeds_new_to_the_update_are_queued():
    waiting = embed_for_url(TWEET)
    before = post_of(Text(html="<p>a</p>"), waiting)
    after = post_of(Text(html="<p>b</p>"), waiting, embed_for_url("https://vimeo.com/76979871"))
    assert urls_to_capture(None, before) == [TWEET]
    assert urls_to_capture(before, after) == ["https://vimeo.com/76979871"]
    assert urls_to_capture(before, post_of(waiting, status="deleted")) == []


def test_a_snapshot_fills_every_waiting_embed_of_its_url_and_nothing_else():
    snapshot = Snapshot(url=TWEET, provider="x", author_name="Desk", handle="@desk", text="Holding.",
                        lang="en", dir="ltr", posted_at=date(2024, 3, 2), captured_at=NOW)  # fmt: skip
    typed = SocialPost(url=TWEET, author_name="Typed", text="By hand")
    other = embed_for_url("https://x.com/other/status/1764000000000000001")
    edited = datetime(2026, 11, 30, tzinfo=UTC)
    post = post_of(embed_for_url(TWEET), typed, other, edited_at=edited)
    filled = fill_snapshot(post, TWEET, snapshot, now=NOW)
    assert filled is not None
    first, second, third = filled.blocks
    assert (first.author_name, first.text, first.lang, first.captured_at) == (
        "Desk",
        "Holding.",
        "en",
        NOW,
    )
    assert second == typed and third == other
    assert (filled.version, filled.updated_at, filled.edited_at) == (2, NOW, edited)
    assert fill_snapshot(post_of(typed), TWEET, snapshot, now=NOW) is None


def test_what_a_provider_sends_is_cut_to_the_blocks_limits_and_cleaned():
    snapshot = Snapshot(url="https://news.example.org/a", title="T" * 900, text="bad\x00char " + "x" * 2000,
                        site_name="S", media=(Media(url="https://i.example/a.jpg", alt="a" * 900),))  # fmt: skip
    filled = fill_snapshot(
        post_of(LinkCard(url="https://news.example.org/a")), snapshot.url, snapshot, now=NOW
    )
    assert filled is not None
    [card] = filled.blocks
    assert (
        len(card.title) == 500 and len(card.description) == 1000 and "\x00" not in card.description
    )
    assert len(card.media[0].alt) == 500


def test_an_editor_corrects_only_the_snapshots_fields_through_the_blocks_rules():
    block = embed_for_url(TWEET)
    corrected = correct_embed(
        block,
        {"author_name": "Desk", "text": "الجدار صامد", "lang": "ar", "posted_at": "2024-03-02"},
    )
    assert isinstance(corrected, SocialPost)
    assert (corrected.url, corrected.text, corrected.direction, corrected.posted_at) == (
        TWEET,
        "الجدار صامد",
        "rtl",
        date(2024, 3, 2),
    )
    with pytest.raises(Invalid) as error:
        correct_embed(block, {"url": "https://elsewhere.example/"})
    assert error.value.errors[0].field == "url"
    with pytest.raises(Invalid):
        correct_embed(Text(html="<p>x</p>"), {"text": "y"})


def test_the_archives_text_form_is_a_complete_snapshot():
    block = social_post_from_text("Roads reopen at noon\n— Road Desk (@road_desk) June 1, 2022")
    assert block == SocialPost(
        url="https://x.com/road_desk", author_name="Road Desk", handle="@road_desk",
        text="Roads reopen at noon", posted_at=date(2022, 6, 1), network="x", lang=None, dir="ltr",
    )  # fmt: skip
    assert not needs_capture(block)
    assert social_post_from_text("No signature here.") is None
