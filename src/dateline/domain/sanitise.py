"""The one sanitiser every user-supplied HTML fragment passes through."""

from __future__ import annotations

from html import unescape

import nh3

# Rich text in an update: paragraphs, emphasis, links, lists, inline quotes.
# No scripts, styles, iframes, images or event handlers: media have blocks of their own.
_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "small",
    "sub", "sup", "a", "ul", "ol", "li", "blockquote", "q", "cite", "code", "pre",
    "abbr", "span", "bdi", "bdo", "h3", "h4",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "*": {"lang", "dir"},
}
_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise_html(html: str) -> str:
    """Return `html` with everything outside the allowed subset removed."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(html: str) -> str:
    """The text of a fragment with every tag removed (for titles, feeds, previews)."""
    return unescape(nh3.clean(html, tags=set())).strip()
