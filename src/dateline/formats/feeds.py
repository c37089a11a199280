"""A feed as a value: what the Atom and JSON Feed writers both take.

The web layer fills it (rendered, sanitised HTML with absolute URLs; only what
readers may see); `atom.py` and `json_feed.py` only spell it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from ..domain.blog import Blog
from ..urls import Urls


@dataclass(frozen=True)
class Entry:
    id: str
    url: str
    title: str
    html: str
    text: str
    published: datetime
    updated: datetime
    authors: tuple[str, ...]
    language: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Deletion:
    """An entry the newsroom took down (RFC 6721 `at:deleted-entry`)."""

    id: str
    url: str
    at: datetime


@dataclass(frozen=True)
class Feed:
    id: str
    title: str
    description: str
    language: str
    page_url: str  # the HTML page the feed is about
    self_url: str  # this document
    updated: datetime
    publisher: str
    entries: list[Entry]
    deletions: list[Deletion] = field(default_factory=list)
    icon: str = ""
    logo: str = ""
    # RFC 5005: the subscription document links to the newest archive; archives
    # link to their neighbours and to the subscription document.
    current_url: str = ""
    prev_archive: str = ""  # older
    next_archive: str = ""  # newer
    is_archive: bool = False
    ended: bool = False  # coverage has ended: JSON Feed's `expired`


def tag_authority(urls: Urls) -> str:
    """The host part of our tag URIs (RFC 4151): the site's host name."""
    return urlsplit(urls.origin).hostname or "localhost"


def blog_feed_id(blog: Blog, urls: Urls) -> str:
    """A stable id for the blog's feed: it does not move if the site's scheme or port does."""
    day = (blog.created_at.date().isoformat()) if blog.created_at else "2000-01-01"
    return f"tag:{tag_authority(urls)},{day}:blog:{blog.id}"


def entry_id(blog: Blog, post_id: int, urls: Urls) -> str:
    """An update's id in every feed, for ever (edits keep it; deletion names it)."""
    return f"{blog_feed_id(blog, urls)}:update:{int(post_id)}"


def site_feed_id(urls: Urls) -> str:
    return f"tag:{tag_authority(urls)},2000-01-01:site"
