"""Atom (RFC 4287) from a `Feed`, with deleted entries (RFC 6721) and archive links (RFC 5005)."""

from __future__ import annotations

from datetime import datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from ..domain.times import iso
from .feeds import Feed

ATOM = "http://www.w3.org/2005/Atom"
TOMBSTONES = "http://purl.org/atompub/tombstones/1.0"
HISTORY = "http://purl.org/syndication/history/1.0"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"


def atom_feed(feed: Feed) -> bytes:
    root = Element("feed", {"xmlns": ATOM, "xmlns:at": TOMBSTONES, "xmlns:fh": HISTORY})
    if feed.language:
        root.set("xml:lang", feed.language)
    _text(root, "id", feed.id)
    _text(root, "title", feed.title)
    if feed.description:
        _text(root, "subtitle", feed.description)
    _text(root, "updated", _time(feed.updated))
    _link(root, "alternate", feed.page_url, "text/html")
    _link(root, "self", feed.self_url, "application/atom+xml")
    if feed.is_archive:
        SubElement(root, "fh:archive")
    for rel, href in (
        ("current", feed.current_url),
        ("prev-archive", feed.prev_archive),
        ("next-archive", feed.next_archive),
    ):
        if href:
            _link(root, rel, href, "application/atom+xml")
    author = SubElement(root, "author")
    _text(author, "name", feed.publisher)
    _text(root, "generator", "Dateline")
    if feed.icon:
        _text(root, "icon", feed.icon)
    if feed.logo:
        _text(root, "logo", feed.logo)
    for deletion in feed.deletions:
        gone = SubElement(
            root, "at:deleted-entry", {"ref": deletion.id, "when": _time(deletion.at)}
        )
        SubElement(gone, "at:by").text = feed.publisher
        SubElement(gone, "at:comment").text = "This update was removed by the newsroom."
        _link(gone, "alternate", deletion.url, "text/html")
    for entry in feed.entries:
        item = SubElement(root, "entry")
        if entry.language and entry.language != feed.language:
            item.set("xml:lang", entry.language)
        _text(item, "id", entry.id)
        _text(item, "title", entry.title)
        _link(item, "alternate", entry.url, "text/html")
        _text(item, "published", _time(entry.published))
        _text(item, "updated", _time(entry.updated))
        for name in entry.authors or (feed.publisher,):
            _text(SubElement(item, "author"), "name", name)
        for tag in entry.tags:
            SubElement(item, "category", {"term": tag})
        _text(item, "summary", _summary(entry.text))
        _text(item, "content", entry.html, type="html")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode").encode()


def _text(parent: Element, tag: str, value: str, **attributes: str) -> Element:
    element = SubElement(parent, tag, attributes)
    element.text = value
    return element


def _link(parent: Element, rel: str, href: str, kind: str) -> None:
    SubElement(parent, "link", {"rel": rel, "href": href, "type": kind})


def _time(moment: datetime) -> str:
    return iso(moment) or ""


def _summary(text: str, limit: int = 300) -> str:
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rsplit(" ", 1)[0] + "…"
