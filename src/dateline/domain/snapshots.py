"""Snapshots: Dateline's own copy of an embedded post, video or page.

A snapshot holds what a reader needs to see the embed after the original is
deleted: who posted it, what it said (with its language and direction), when,
the media it showed (kept in Dateline's media store where allowed), where it was
and when Dateline captured it. Captures, the archive's text form and editors all
produce the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal

from .blocks import Media
from .language import Direction
from .scripts import guess_language, text_direction

MediaKind = Literal["image", "video"]


@dataclass(frozen=True)
class Snapshot:
    """What was captured (or typed) of one embed."""

    url: str  # canonical (see embed_urls.recognise)
    provider: str = "link"  # a key of embed_urls.PROVIDERS
    author_name: str = ""
    handle: str = ""  # "@name", "@name@instance", "@name.bsky.social"
    text: str = ""  # a post's words, or a page's description; paragraphs split by blank lines
    lang: str | None = None
    dir: Direction | None = None
    # An instant when the provider says; a date when only the day is known (archives).
    posted_at: datetime | date | None = None
    title: str = ""  # a video's or page's title
    site_name: str = ""
    media: tuple[Media, ...] = ()  # what it showed: kept copies, or where they were
    captured_at: datetime | None = None

    def with_text_language(self) -> Snapshot:
        """Fill `lang` and `dir` from the text itself where the provider gave none."""
        source = self.text or self.title
        lang = self.lang or guess_language(source)
        direction = self.dir or text_direction(source)
        return replace(self, lang=lang, dir=direction)
