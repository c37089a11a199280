"""A legacy live blog saved as HTML, read as the lines a reader sees.

Each paragraph-level element becomes a line, as the text form has them; a line
keeps the first link it held (a featured article's address, a tweet's status
URL) and the first picture (the cover). Scripts and styles are dropped unread:
a page's embed scripts are exactly what Dateline's snapshots replace.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .legacy_text import Line

_BREAKS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "br",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "dt",
        "dd",
        "pre",
        "hr",
        "ul",
        "ol",
        "table",
        "main",
        "aside",
    ]
)
_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "head"})


class _Lines(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self._words: list[str] = []
        self._href = ""
        self._image = ""
        self._alt = ""
        self._line = 1
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag in _SKIPPED:
            self._skipping += 1
            return
        if tag in _BREAKS:
            self._flush()
        if tag == "a" and not self._href and found.get("href"):
            self._href = found["href"].strip()
        if tag == "img" and not self._image and found.get("src"):
            self._image = found["src"].strip()
            self._alt = found.get("alt", "").strip()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BREAKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if not self._words or not "".join(self._words).strip():
            self._line = self.getpos()[0]
        self._words.append(data)

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._words)).strip()
        if text or self._image:
            self.lines.append(Line(self._line, text, self._href, self._image, self._alt))
        self._words, self._href, self._image, self._alt = [], "", "", ""

    def close(self) -> None:
        super().close()
        self._flush()


def lines_of_html(page: str) -> list[Line]:
    parser = _Lines()
    parser.feed(page)
    parser.close()
    # A picture on a line of its own belongs to the caption line after it (`PHOTO: …`).
    out: list[Line] = []
    for line in parser.lines:
        previous = out[-1] if out else None
        if previous is not None and previous.image and not previous.text:
            out[-1] = Line(line.number, line.text, line.href, previous.image, previous.image_alt)
        else:
            out.append(line)
    return out


def looks_like_html(text: str) -> bool:
    """A page or a fragment of one starts with markup; text that merely quotes a tag does not."""
    head = text.lstrip()[:2000].lower()
    return head.startswith("<") and bool(re.search(r"<(!doctype html|html|body|p|div)\b", head))
