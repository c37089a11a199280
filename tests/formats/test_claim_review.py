"""schema.org ClaimReview for settled claims: built from a blog's dossiers, nothing else."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from dateline.domain.blog import Blog
from dateline.domain.claims import Claim
from dateline.domain.sources import Source
from dateline.formats.claim_review import claim_reviews
from dateline.store.claim_queries import ClaimLink, Dossier
from dateline.urls import Urls

BLOG = Blog(id=1, slug="valley", title="The valley, live")
URLS = Urls("https://news.example/live")
AT = datetime(2016, 12, 12, 20, 5, tzinfo=UTC)


def dossier(claim_id: int, status: str, source: Source | None = None) -> Dossier:
    claim = Claim(
        id=claim_id,
        blog_id=1,
        statement=f"Claim {claim_id}",
        status=status,  # type: ignore[arg-type]
        created_at=datetime(2016, 12, 12, 18, 10, tzinfo=UTC),
        status_changed_at=AT,
    )
    links = [
        ClaimLink(claim_id, 11, "reports", "published", AT),
        ClaimLink(claim_id, 12, "refutes", "published", AT),
        ClaimLink(claim_id, 13, "reports", "deleted", AT),
    ]
    return Dossier(claim, source, links, [])


def test_only_confirmed_and_false_claims_are_reviews():
    found = [
        dossier(1, "unverified"),
        dossier(2, "disputed"),
        dossier(3, "false"),
        dossier(4, "confirmed"),
    ]
    reviews = claim_reviews(BLOG, found, URLS, publisher="Valley Post")
    assert [r["claimReviewed"] for r in reviews] == ["Claim 3", "Claim 4"]
    assert [r["reviewRating"]["ratingValue"] for r in reviews] == [1, 5]
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["False", "Confirmed"]


def test_a_review_names_the_claim_its_source_where_it_appeared_and_the_newsroom():
    radio = Source(id=5, name="Hill Radio", kind="media", urls=("https://radio.example/",))
    [review] = claim_reviews(BLOG, [dossier(3, "false", radio)], URLS, publisher="Valley Post")
    assert review == {
        "@type": "ClaimReview",
        "url": "https://news.example/live/valley/claims#claim-3",
        "claimReviewed": "Claim 3",
        "datePublished": "2016-12-12T20:05:00Z",
        "author": {"@type": "Organization", "name": "Valley Post"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "False",
        },
        "itemReviewed": {
            "@type": "Claim",
            "datePublished": "2016-12-12T18:10:00Z",
            "author": {
                "@type": "Organization",
                "name": "Hill Radio",
                "sameAs": ["https://radio.example/"],
            },
            "appearance": [
                {"@type": "CreativeWork", "url": "https://news.example/live/valley/updates/11"}
            ],
            "firstAppearance": {
                "@type": "CreativeWork",
                "url": "https://news.example/live/valley/updates/11",
            },
        },
    }
    json.dumps(review)  # JSON-ready as it is


def test_a_person_who_makes_a_claim_is_a_person():
    activist = Source(id=6, name="A. Activist", kind="activist")
    [review] = claim_reviews(BLOG, [dossier(3, "confirmed", activist)], URLS, publisher="P")
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "A. Activist"}
