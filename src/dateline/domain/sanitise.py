"""The one sanitiser every user-supplied HTML fragment passes through."""

from __future__ import annotations

import re
from html import unescape

import nh3

from .fields import is_safe_link
from .language import is_language_tag

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
    """Every URL an attribute carries follows the one URL rule; `dir` and `lang` only
    their own values."""
    if attribute in _URL_ATTRIBUTES:
        return value if is_safe_link(value.strip()) else None
    if attribute == "dir":
        return value.lower() if value.lower() in _DIRECTIONS else None
    if attribute in ("lang", "hreflang"):
        return value if is_language_tag(value) else None
    return value


# Paragraph-level elements without a direction of their own. In sanitised HTML attribute
# values here can hold no `>` (URLs and language tags are checked), so this is exact.
_UNDIRECTED = re.compile(r"<(p|li|h3|h4|blockquote|pre)(?=[\s>])(?![^>]*\sdir=)")


def with_auto_direction(html: str) -> str:
    """Give every paragraph nobody labelled the direction of its own words (`dir="auto"`):
    an Arabic paragraph pasted among English ones reads right to left. Applied when
    rendering sanitised HTML, so what is stored stays what the writer sent."""
    return _UNDIRECTED.sub(r'<\1 dir="auto"', html)


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
