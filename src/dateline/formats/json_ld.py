"""schema.org JSON-LD: `LiveBlogPosting` for a blog's page, `BlogPosting` for an update's.

Built from domain objects and the site's settings alone; `script_tag` puts a
document inside `<script type="application/ld+json">` so that no text in it, a
headline with `</script>` included, can end the element.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from markupsafe import Markup

from ..domain.blog import Blog
from ..domain.post import Post
from ..domain.site import Site
from ..domain.times import iso
from ..store.claim_queries import Dossier
from ..urls import Urls
from .claim_review import claim_reviews
from .post_text import headline, post_text

CONTEXT = "https://schema.org"
# Characters that could end the script element or an HTML comment, or break old parsers.
_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_tag(document: dict[str, Any]) -> Markup:
    """The document as a JSON-LD data block, safe inside HTML whatever its text."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _ESCAPES.items():
        text = text.replace(character, escape)
    return Markup(f'<script type="application/ld+json">{text}</script>')  # noqa: S704 (escaped)


def absolute(urls: Urls, address: str) -> str:
    """A URL as given, or a path on this site made absolute."""
    return urls.origin + address if address.startswith("/") else address


def publisher(site: Site, urls: Urls) -> dict[str, Any]:
    organisation: dict[str, Any] = {"@type": "Organization", "name": site.publisher_name}
    if site.publisher_logo:
        organisation["logo"] = {"@type": "ImageObject", "url": absolute(urls, site.publisher_logo)}
    if site.home_url:
        organisation["url"] = site.home_url
    return organisation


def authors(names: Iterable[str], site: Site, urls: Urls) -> list[dict[str, Any]]:
    """The people who wrote it, or the newsroom when it is signed by nobody."""
    people = [{"@type": "Person", "name": name} for name in names]
    return people or [publisher(site, urls)]


def blog_posting(
    post: Post, blog: Blog, site: Site, urls: Urls, *, standalone: bool = False
) -> dict[str, Any]:
    """One update; `standalone` for the update's own page (context, publisher, parent)."""
    url = urls.update(blog.slug, post.id, absolute=True)
    posting: dict[str, Any] = {
        "@type": "BlogPosting",
        "@id": url,
        "url": url,
        "headline": headline(post, blog),
        "articleBody": post_text(post),
        "datePublished": _iso(post.published_at),
        "dateModified": _iso(post.edited_at or post.published_at),
        "author": authors(post.authors, site, urls),
        "inLanguage": blog.language,
    }
    if standalone:
        posting = {
            "@context": CONTEXT,
            **posting,
            "publisher": publisher(site, urls),
            "mainEntityOfPage": url,
            "isPartOf": {"@type": "LiveBlogPosting", "@id": urls.blog(blog.slug, absolute=True)},
        }
        if blog.cover:
            posting["image"] = absolute(urls, blog.cover.url)
    return posting


def live_blog_posting(
    blog: Blog,
    updates: Sequence[Post],
    site: Site,
    urls: Urls,
    *,
    dossiers: Sequence[Dossier] = (),
) -> dict[str, Any]:
    """The blog's page: the coverage, its publisher, the updates shown, and settled claims."""
    url = urls.blog(blog.slug, absolute=True)
    published = blog.coverage_start or blog.created_at
    modified = max(
        [t for t in (blog.updated_at, *(p.edited_at or p.published_at for p in updates)) if t],
        default=published,
    )
    names = dict.fromkeys(name for post in updates for name in post.authors)
    posting: dict[str, Any] = {
        "@type": "LiveBlogPosting",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": blog.title,
        "description": blog.summary or blog.title,
        "inLanguage": blog.language,
        "author": authors(names, site, urls),
        "publisher": publisher(site, urls),
        "datePublished": _iso(published),
        "dateModified": _iso(modified),
        "coverageStartTime": _iso(published),
        "liveBlogUpdate": [blog_posting(post, blog, site, urls) for post in updates],
    }
    image = absolute(urls, blog.cover.url) if blog.cover else absolute(urls, site.publisher_logo)
    if image:
        posting["image"] = image
    if blog.status == "ended" and blog.coverage_end:
        posting["coverageEndTime"] = _iso(blog.coverage_end)
    reviews = claim_reviews(blog, dossiers, urls, publisher=site.publisher_name)
    if not reviews:
        return {"@context": CONTEXT, **posting}
    return {"@context": CONTEXT, "@graph": [posting, *reviews]}


def _iso(moment: datetime | None) -> str | None:
    return iso(moment) if moment else None
