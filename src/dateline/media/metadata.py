"""Reading what third parties say about a page: Open Graph, Twitter cards, oEmbed HTML.

Pure functions over text already fetched. Nothing here is trusted: every value
is plain text (tags dropped, entities decoded), trimmed and length-capped, and
URLs are made absolute and kept only when they are http(s).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

MAX_FIELD = 5000
_BLOCK_TAGS = frozenset({"p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "tr"})
_SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "svg"})
# Where pages put their preview image, and where they put its description.
_IMAGE_KEYS = (
    ("og:image", "og:image:alt"),
    ("og:image:url", "og:image:alt"),
    ("og:image:secure_url", "og:image:alt"),
    ("twitter:image", "twitter:image:alt"),
    ("twitter:image:src", "twitter:image:alt"),
)


@dataclass(frozen=True)
class PageMeta:
    """What a page's <head> says about it."""

    title: str = ""
    description: str = ""
    site_name: str = ""
    canonical: str = ""
    lang: str = ""
    author: str = ""
    handle: str = ""  # twitter:creator, when the page names one
    published: str = ""  # as the page wrote it (ISO 8601 usually)
    kind: str = ""  # og:type
    images: tuple[tuple[str, str], ...] = ()  # (url, alt)


class _Head(HTMLParser):
    """Collects <meta>, <link rel=canonical>, <title> and <html lang> until the body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, str] = {}
        self.lang = ""
        self.title: list[str] = []
        self.in_title = False
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        elif tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            key = key.lower()
            if key and "content" in values:
                self.meta.setdefault(key, []).append(values["content"])
        elif tag == "link":
            rel = values.get("rel", "").lower().split()
            if "canonical" in rel and values.get("href"):
                self.links.setdefault("canonical", values["href"])
        elif tag == "title":
            self.in_title = True
        elif tag == "body":
            self.done = True  # metadata lives in the head; the body may be megabytes

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag == "head":
            self.done = True

    def handle_data(self, data: str) -> None:
        if self.in_title and not self.done:
            self.title.append(data)

    def first(self, *keys: str) -> str:
        for key in keys:
            for value in self.meta.get(key, []):
                if value.strip():
                    return _clean(value)
        return ""


def page_metadata(html: str, url: str) -> PageMeta:
    """Open Graph and Twitter-card metadata of a page, with the page's own fallbacks."""
    head = _Head()
    head.feed(html[:1_000_000])
    images: list[tuple[str, str]] = []
    for key, alt_key in _IMAGE_KEYS:
        alts = head.meta.get(alt_key, [])
        for index, value in enumerate(head.meta.get(key, [])):
            absolute = absolute_url(value, url)
            if absolute and absolute not in {i for i, _ in images}:
                alt = alts[index] if index < len(alts) else ""
                images.append((absolute, _clean(alt)))
    creator = head.first("twitter:creator")
    return PageMeta(
        title=head.first("og:title", "twitter:title") or _clean("".join(head.title)),
        description=head.first("og:description", "twitter:description", "description"),
        site_name=head.first("og:site_name", "application-name"),
        canonical=absolute_url(head.links.get("canonical") or head.first("og:url"), url),
        lang=_clean(head.lang)[:35] or head.first("og:locale").replace("_", "-")[:35],
        author=head.first("author", "article:author", "og:article:author"),
        handle=creator if creator.startswith("@") else "",
        published=head.first(
            "article:published_time", "og:article:published_time", "datepublished", "date"
        ),
        kind=head.first("og:type"),
        images=tuple(images[:4]),
    )


def absolute_url(value: str, base: str) -> str:
    """`value` made absolute against `base`; empty unless it is an http(s) URL."""
    if not value or len(value) > 2000:
        return ""
    joined = urljoin(base, value.strip())
    parts = urlsplit(joined)
    return joined if parts.scheme in ("http", "https") and parts.netloc else ""


class _Text(HTMLParser):
    """The words of an HTML fragment, with its line breaks and paragraphs kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.first_lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        if not self.first_lang and tag in ("p", "blockquote", "div", "span"):
            self.first_lang = dict(attrs).get("lang") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_text(fragment: str) -> tuple[str, str]:
    """The plain text of an HTML fragment (paragraphs kept), and the first `lang` it names."""
    parser = _Text()
    parser.feed(fragment[:200_000])
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    joined = "\n".join(lines)
    while "\n\n\n" in joined:
        joined = joined.replace("\n\n\n", "\n\n")
    return joined.strip()[:MAX_FIELD], parser.first_lang


def _clean(value: str) -> str:
    """One line of text, trimmed and capped (the parser has decoded entities already)."""
    return " ".join(value.split())[:MAX_FIELD]
