"""Domain objects as the API's JSON: the domain's documents plus their addresses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from ..domain.blog import Blog
from ..domain.claims import Claim
from ..domain.documents import document
from ..domain.post import Post
from ..domain.sources import Source
from ..domain.times import iso
from ..store.claim_queries import Dossier
from ..urls import Urls


def blog_json(blog: Blog, urls: Urls) -> dict[str, Any]:
    return {
        **document(blog),
        "links": {
            "page": urls.blog(blog.slug, absolute=True),
            "live": urls.live(blog.slug, absolute=True),
            "changes": urls.changes(blog.slug, absolute=True),
            "embed": urls.embed(blog.slug, absolute=True),
            "embed_snippet": embed_snippet(blog, urls),
            "atom": urls.feed(blog.slug, "atom"),
            "json_feed": urls.feed(blog.slug, "json"),
        },
    }


def embed_snippet(blog: Blog, urls: Urls, *, width: int = 600, height: int = 800) -> str:
    """The iframe and resize script another site pastes to carry the blog (oEmbed's too)."""
    title = f"Live: {blog.title}" if blog.status == "live" else blog.title
    return str(
        Markup(
            '<iframe src="{}" title="{}" width="{}" height="{}" loading="lazy"></iframe>'
            '<script src="{}" async></script>'
        ).format(
            urls.embed(blog.slug, absolute=True), title, width, height,
            urls.origin + urls.static("dateline-embed.js"),
        )
    )  # fmt: skip


def post_json(
    post: Post,
    blog_slug: str,
    urls: Urls,
    seq: int | None = None,
    claims: Mapping[int, Claim] | None = None,
) -> dict[str, Any]:
    """An update; each claim it carries with the claim's statement and status now."""
    claims = claims or {}
    carried = [
        {**document(ref), "status": claims[ref.id].status, "statement": claims[ref.id].statement}
        for ref in post.claims
        if ref.id in claims
    ]
    return {
        **document(post),
        "claims": carried,
        "blog": blog_slug,
        "url": urls.update(blog_slug, post.id, absolute=True),
        "seq": seq,
    }


def claim_json(
    dossier: Dossier, blog_slug: str, urls: Urls, *, seq: int | None = None
) -> dict[str, Any]:
    """A claim with its source, the updates carrying it and every version (its history)."""
    claim, source = dossier.claim, dossier.source
    return {
        **document(claim),
        "source": {"id": source.id, "name": source.name, "kind": source.kind} if source else None,
        "url": urls.claim(blog_slug, claim.id, absolute=True),
        "updates": [
            {
                "post_id": link.post_id,
                "role": link.role,
                "url": urls.update(blog_slug, link.post_id, absolute=True),
            }
            for link in dossier.updates
        ],
        "history": [
            {
                "version": r.claim.version,
                "actor": r.actor,
                "created_at": iso(r.created_at),
                "claim": document(r.claim),
            }
            for r in dossier.history
        ],
        "seq": seq,
    }


def source_json(source: Source, urls: Urls) -> dict[str, Any]:
    return {**document(source), "url": urls.api_source(source.id, absolute=True)}
