"""An update's HTML for other software (feed readers, webhooks, oEmbed consumers):
its content only, sanitised for any host page, every link and picture absolute."""

from __future__ import annotations

from collections.abc import Mapping

import nh3

from ..domain.blog import Blog
from ..domain.claims import Claim
from ..domain.post import Post
from .renderer import Renderer

# Page furniture that means nothing outside our page (players' buttons, hidden notes).
_DROP = {"button", "input", "label", "script", "style", "template"}
_ALLOWED = (nh3.ALLOWED_TAGS - _DROP) | {"figure", "figcaption", "picture", "source", "time"}
_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"lang", "dir", "title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "time": {"datetime"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes"},
    "source": {"srcset", "type", "sizes"},
}
_LINKS = {"href", "src", "cite"}


def feed_html(
    renderer: Renderer, post: Post, blog: Blog, claims: Mapping[int, Claim] | None = None
) -> str:
    claims = claims or {}
    carried = [(ref, claims[ref.id]) for ref in post.claims if ref.id in claims]
    html = renderer.template("feed_entry.html", post=post, blog=blog, carried=carried)
    return absolute_html(html, renderer.urls.origin)


def absolute_html(html: str, origin: str) -> str:
    """Sanitise `html` for someone else's page, making our paths absolute URLs."""

    def rewrite(tag: str, name: str, value: str) -> str | None:
        if name in _LINKS and value.startswith("/") and not value.startswith("//"):
            return origin + value
        if name == "srcset":
            return ", ".join(_absolute_candidate(c.strip(), origin) for c in value.split(","))
        return value

    return nh3.clean(
        html,
        tags=_ALLOWED,
        attributes=_ATTRIBUTES,
        attribute_filter=rewrite,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def _absolute_candidate(candidate: str, origin: str) -> str:
    if candidate.startswith("/") and not candidate.startswith("//"):
        return origin + candidate
    return candidate
