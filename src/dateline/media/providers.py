"""What each provider's answer says, as a snapshot: one reader per kind of answer.

Pure: each function takes an answer already fetched (oEmbed JSON, a Mastodon
or Bluesky API document, a page's metadata) and the recognised target, and
returns the snapshot and the pictures worth keeping. `capture.py` fetches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from ..domain.embed_urls import EmbedTarget
from ..domain.language import is_language_tag
from ..domain.snapshots import MediaKind, Snapshot
from ..domain.tweet_text import tweet_from_text
from .metadata import MAX_FIELD, PageMeta, absolute_url, html_text

# Where providers answer without an API key. Tests point these at a local site.
OEMBED = {
    "x": "https://publish.twitter.com/oembed?omit_script=1&dnt=true&url={url}",
    "youtube": "https://www.youtube.com/oembed?format=json&url={url}",
    "vimeo": "https://vimeo.com/api/oembed.json?dnt=1&url={url}",
    "tiktok": "https://www.tiktok.com/oembed?url={url}",
}
BLUESKY_POSTS = "https://public.api.bsky.app/xrpc/app.bsky.feed.getPosts?uris={uri}"
MASTODON_STATUS = "{origin}/api/v1/statuses/{id}"


@dataclass(frozen=True)
class Picture:
    """A picture the original showed, to be kept in the media store if it may be."""

    url: str
    alt: str = ""
    kind: MediaKind = "image"  # "video" when this is a video's still


@dataclass(frozen=True)
class Reading:
    """A provider's answer, read: the snapshot (without media yet) and its pictures."""

    snapshot: Snapshot
    pictures: tuple[Picture, ...] = ()


def endpoint(template: str, target: EmbedTarget) -> str:
    """Fill an endpoint template for a target (`{url}`, `{uri}`, `{origin}`, `{id}`)."""
    parts = urlsplit(target.url)
    actor = target.url.split("/profile/", 1)[-1].split("/", 1)[0]
    return template.format(
        url=quote(target.url, safe=""),
        uri=quote(f"at://{actor}/app.bsky.feed.post/{target.id}", safe=""),
        origin=f"{parts.scheme}://{parts.netloc}",
        id=quote(target.id, safe=""),
    )


def from_x_oembed(answer: Mapping[str, Any], target: EmbedTarget) -> Reading:
    """X's oEmbed HTML is the tweet's text form: the archive reader reads it."""
    text, lang = html_text(str(answer.get("html", "")))
    snapshot = tweet_from_text(text, url=target.url)
    if snapshot is None:
        raise ValueError("the oEmbed answer does not hold a tweet")
    if lang and is_language_tag(lang):
        snapshot = Snapshot(**{**snapshot.__dict__, "lang": lang, "dir": None})
    return Reading(snapshot.with_text_language())


def from_video_oembed(answer: Mapping[str, Any], target: EmbedTarget) -> Reading:
    """YouTube, Vimeo, TikTok: title, channel, still, and (Vimeo) upload time."""
    author_url = str(answer.get("author_url") or "")
    handle = str(answer.get("author_unique_id") or "")
    if not handle and "/@" in author_url:
        handle = author_url.split("/@", 1)[1].strip("/").split("/")[0]
    title = _text(answer.get("title"))
    # TikTok's "title" is the caption; a video's words are its description when it has one.
    words = _text(answer.get("description")) or (title if target.provider.key == "tiktok" else "")
    still = absolute_url(str(answer.get("thumbnail_url") or ""), target.url)
    snapshot = Snapshot(
        url=target.url,
        provider=target.provider.key,
        author_name=_text(answer.get("author_name")),
        handle=("@" + handle.lstrip("@")) if handle else target.handle,
        text=words,
        title=title if target.provider.key != "tiktok" else "",
        site_name=_text(answer.get("provider_name")) or target.provider.name,
        posted_at=_instant(answer.get("upload_date")),
    )
    pictures = (Picture(still, f"Still from the video: {title}", "video"),) if still else ()
    return Reading(snapshot.with_text_language(), pictures)


def from_mastodon(status: Mapping[str, Any], target: EmbedTarget) -> Reading:
    """A Mastodon status from the instance's public API: alt text included."""
    account = status.get("account") or {}
    acct = str(account.get("acct") or "")
    host = urlsplit(target.url).netloc
    handle = "@" + (acct if "@" in acct else f"{acct}@{host}") if acct else target.handle
    text, _ = html_text(str(status.get("content") or ""))
    lang = str(status.get("language") or "")
    pictures = tuple(
        Picture(
            absolute_url(str(item.get("url") or item.get("preview_url") or ""), target.url),
            _text(item.get("description")),
            "image" if item.get("type") == "image" else "video",
        )
        for item in status.get("media_attachments") or []
        if item.get("type") in ("image", "gifv", "video")
    )
    snapshot = Snapshot(
        url=target.url,
        provider="mastodon",
        author_name=_text(account.get("display_name")) or acct,
        handle=handle,
        text=text,
        lang=lang if is_language_tag(lang) else None,
        posted_at=_instant(status.get("created_at")),
        site_name=host,
    )
    return Reading(snapshot.with_text_language(), tuple(p for p in pictures if p.url))


def from_bluesky(answer: Mapping[str, Any], target: EmbedTarget) -> Reading:
    """A Bluesky post from the public AppView: text, languages, images with alt text."""
    posts = answer.get("posts") or []
    if not posts:
        raise ValueError("Bluesky has no such post (deleted, or never public)")
    post = posts[0]
    record = post.get("record") or {}
    author = post.get("author") or {}
    langs = record.get("langs") or []
    lang = str(langs[0]) if langs else ""
    handle = str(author.get("handle") or "")
    embed = post.get("embed") or {}
    images = embed.get("images") or (embed.get("media") or {}).get("images") or []
    pictures = [
        Picture(str(i.get("fullsize") or i.get("thumb") or ""), _text(i.get("alt"))) for i in images
    ]
    if embed.get("thumbnail"):  # a video's still
        pictures.append(Picture(str(embed["thumbnail"]), _text(embed.get("alt")), "video"))
    url = target.url
    if handle and "/profile/did:" in url:  # name the author as people know them
        url = url.replace(url.split("/profile/", 1)[1].split("/", 1)[0], handle, 1)
    snapshot = Snapshot(
        url=url,
        provider="bluesky",
        author_name=_text(author.get("displayName")) or handle,
        handle="@" + handle if handle else target.handle,
        text=_text(record.get("text"), keep_lines=True),
        lang=lang if is_language_tag(lang) else None,
        posted_at=_instant(record.get("createdAt")),
        site_name="Bluesky",
    )
    kept = tuple(p for p in pictures if absolute_url(p.url, url))
    return Reading(snapshot.with_text_language(), kept)


def from_page(meta: PageMeta, target: EmbedTarget) -> Reading:
    """Any page, and posts whose provider answers only with Open Graph metadata."""
    is_post = target.kind == "post"
    lang = meta.lang if is_language_tag(meta.lang) else None
    snapshot = Snapshot(
        url=target.url,
        provider=target.provider.key,
        author_name=meta.author or (meta.title if is_post else ""),
        handle=target.handle or meta.handle,
        text=meta.description,
        title="" if is_post else meta.title,
        site_name=meta.site_name or (target.provider.name if not target.is_link else ""),
        lang=lang,
        posted_at=_instant(meta.published),
    )
    pictures = tuple(Picture(url, alt) for url, alt in meta.images)
    return Reading(snapshot.with_text_language(), pictures)


def _text(value: object, *, keep_lines: bool = False) -> str:
    if not isinstance(value, str):
        return ""
    if keep_lines:
        lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n")]
        return "\n".join(lines).strip()[:MAX_FIELD]
    return " ".join(value.split())[:MAX_FIELD]


def _instant(value: object) -> datetime | date | None:
    """An aware time in UTC; a date when the provider gave a time without a zone."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return parsed.date()  # a wall-clock time in an unknown zone: only the day is sure
    return parsed.astimezone(UTC).replace(microsecond=0)
