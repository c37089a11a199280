"""Sitemaps (https://www.sitemaps.org) and a Google News sitemap, from plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from ..domain.times import iso

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
MEDIA_TYPE = "application/xml; charset=utf-8"
MAX_URLS = 50_000  # the protocol's limit per file


@dataclass(frozen=True)
class Page:
    url: str
    modified: datetime | None = None


@dataclass(frozen=True)
class NewsPage:
    url: str
    title: str
    language: str
    published: datetime


def sitemap(pages: list[Page]) -> bytes:
    root = Element("urlset", {"xmlns": SITEMAP})
    for page in pages[:MAX_URLS]:
        entry = SubElement(root, "url")
        SubElement(entry, "loc").text = page.url
        if page.modified:
            SubElement(entry, "lastmod").text = iso(page.modified)
    return _document(root)


def news_sitemap(pages: list[NewsPage], publisher: str) -> bytes:
    root = Element("urlset", {"xmlns": SITEMAP, "xmlns:news": NEWS})
    for page in pages[:1000]:  # Google News reads at most 1,000 per file
        entry = SubElement(root, "url")
        SubElement(entry, "loc").text = page.url
        news = SubElement(entry, "news:news")
        publication = SubElement(news, "news:publication")
        SubElement(publication, "news:name").text = publisher
        SubElement(publication, "news:language").text = page.language.split("-")[0].lower()
        SubElement(news, "news:publication_date").text = iso(page.published)
        SubElement(news, "news:title").text = page.title
    return _document(root)


def _document(root: Element) -> bytes:
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="unicode").encode()
