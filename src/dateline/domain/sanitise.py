"""The one sanitiser every user-supplied HTML fragment passes through."""

from __future__ import annotations

from html import unescape

import nh3

from .fields import is_safe_link

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
_URL_ATTRIBUTES = frozenset({"href", "cite"})
_DIRECTIONS = frozenset({"ltr", "rtl", "auto"})


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Every URL an attribute carries follows the one URL rule; `dir` only its three values."""
    if attribute in _URL_ATTRIBUTES:
        return value if is_safe_link(value.strip()) else None
    if attribute == "dir":
        return value if value.lower() in _DIRECTIONS else None
    return value


def sanitise_html(html: str) -> str:
    """Return `html` with everything outside the allowed subset removed."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        attribute_filter=_keep_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def plain_text(html: str) -> str:
    """The text of a fragment with every tag removed (for titles, feeds, previews)."""
    return unescape(nh3.clean(html, tags=set())).strip()
