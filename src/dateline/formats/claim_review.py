"""schema.org `ClaimReview` for a blog's settled claims, for its JSON-LD.

A claim the newsroom has resolved (confirmed or false) is a fact-check in
schema.org's terms: the claim reviewed, who made it and where it appeared, and
the verdict as a rating (5 of 5: confirmed; 1 of 5: false). Unverified and
disputed claims are not reviews yet, so they are left out. Pure: the caller
reads the dossiers (as readers see them) and places the objects in the page's
JSON-LD graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..domain.blog import Blog
from ..domain.claims import RESOLVED
from ..domain.times import iso
from ..store.claim_queries import Dossier
from ..urls import Urls

_RATINGS = {"confirmed": 5, "false": 1}
# Kinds of source that are one person; every other kind speaks for an organisation.
_PEOPLE = frozenset({"activist", "reporter"})


def claim_reviews(
    blog: Blog, dossiers: Sequence[Dossier], urls: Urls, *, publisher: str
) -> list[dict[str, Any]]:
    """A `ClaimReview` per resolved claim, oldest claim first. `publisher`: the newsroom."""
    return [_review(blog, d, urls, publisher) for d in dossiers if d.claim.status in RESOLVED]


def _review(blog: Blog, dossier: Dossier, urls: Urls, publisher: str) -> dict[str, Any]:
    claim, source = dossier.claim, dossier.source
    appearances = [
        {"@type": "CreativeWork", "url": urls.update(blog.slug, link.post_id, absolute=True)}
        for link in dossier.updates
        if link.role == "reports" and link.status == "published"
    ]
    reviewed: dict[str, Any] = {"@type": "Claim", "datePublished": iso(claim.created_at)}
    if source is not None:
        author: dict[str, Any] = {
            "@type": "Person" if source.kind in _PEOPLE else "Organization",
            "name": source.name,
        }
        if source.urls:
            author["sameAs"] = list(source.urls)
        reviewed["author"] = author
    if appearances:
        reviewed["appearance"] = appearances
        reviewed["firstAppearance"] = appearances[0]
    return {
        "@type": "ClaimReview",
        "url": urls.claim(blog.slug, claim.id, absolute=True),
        "claimReviewed": claim.statement,
        "datePublished": iso(claim.status_changed_at),
        "author": {"@type": "Organization", "name": publisher},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": _RATINGS[claim.status],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": claim.label,
        },
        "itemReviewed": reviewed,
    }
