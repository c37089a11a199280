"""Claims: their fields, status changes with history, and the claims an update carries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dateline.domain.blocks import Quote, Text
from dateline.domain.claims import (
    Claim,
    ClaimRef,
    change_claim,
    check_claim_fields,
    new_claim,
    require_claim_ids,
)
from dateline.domain.errors import Conflict, Invalid
from dateline.domain.post import check_post_fields, new_post

NOW = datetime(2016, 12, 12, 20, 5, tzinfo=UTC)
LATER = NOW + timedelta(minutes=70)


def problems(error: pytest.ExceptionInfo[Invalid]) -> list[tuple[str, str]]:
    return [(e.field, e.message) for e in error.value.errors]


def claim(**fields) -> Claim:
    return new_claim(
        {"statement": "The pumping station was shelled", **fields},
        claim_id=7,
        blog_id=1,
        actor="edna",
        now=NOW,
    )


def test_a_new_claim_is_unverified_and_remembers_who_recorded_it_and_when():
    recorded = claim()
    assert recorded.status == "unverified"
    assert recorded.label == "Unverified"
    assert (recorded.created_by, recorded.created_at, recorded.status_changed_at) == (
        "edna",
        NOW,
        NOW,
    )
    assert recorded.version == 1


def test_a_statement_is_required_and_checked_like_any_text():
    with pytest.raises(Invalid) as error:
        check_claim_fields({"statement": "  "}, creating=True)
    assert problems(error) == [("statement", "is required: what is claimed, in a sentence")]
    with pytest.raises(Invalid) as error:
        check_claim_fields({"statement": "x" * 501, "status": "rumoured"}, creating=True)
    assert problems(error) == [
        ("statement", "is 501 characters; the limit is 500"),
        ("status", "must be one of: unverified, disputed, confirmed, false"),
    ]


def test_a_status_change_records_when_why_and_the_update_that_reported_it():
    changed = change_claim(
        claim(),
        {"status": "false", "note": "Engineers inspected the station", "post_id": 12},
        version=1,
        actor="ines",
        now=LATER,
        update_at=LATER - timedelta(minutes=2),
    )
    assert changed.status == "false"
    assert changed.version == 2
    assert changed.status_changed_at == LATER
    assert (changed.status_update_id, changed.status_update_at) == (
        12,
        LATER - timedelta(minutes=2),
    )
    assert (changed.note, changed.updated_by) == ("Engineers inspected the station", "ines")


def test_a_status_change_without_an_update_clears_the_old_link():
    first = change_claim(
        claim(), {"status": "disputed", "post_id": 12}, version=1, actor="e", now=NOW, update_at=NOW
    )
    second = change_claim(first, {"status": "false"}, version=2, actor="e", now=LATER)
    assert (second.status_update_id, second.status_update_at) == (None, None)


def test_a_note_alone_is_a_new_version_but_nothing_new_is_no_change():
    recorded = claim()
    noted = change_claim(recorded, {"note": "Still checking"}, version=1, actor="e", now=LATER)
    assert (noted.version, noted.status, noted.note) == (2, "unverified", "Still checking")
    assert noted.status_changed_at == NOW  # the status itself did not change
    same = change_claim(recorded, {"status": "unverified"}, version=1, actor="e", now=LATER)
    assert same is recorded


def test_a_change_from_a_stale_version_is_a_conflict_that_says_so():
    with pytest.raises(Conflict) as error:
        change_claim(claim(), {"status": "false"}, version=3, actor="e", now=LATER)
    assert error.value.current_version == 1
    assert "This claim has changed since you loaded it" in str(error.value)


def test_an_update_carries_claims_as_ids_or_objects_with_a_role_and_a_quote():
    fields = check_post_fields(
        {"body": "x", "claims": [7, {"id": 9, "role": "refutes"}, {"id": 11, "quote": 0}]},
        creating=True,
    )
    assert fields["claims"] == (
        ClaimRef(7),
        ClaimRef(9, role="refutes"),
        ClaimRef(11, quote=0),
    )


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ("7", [("claims", "must be a list of claim ids or {id, role, quote} objects")]),
        ([7, 7], [("claims[1]", "claim 7 is listed twice")]),
        (
            [{"id": 7, "role": "denies"}],
            [("claims[0].role", "must be one of: reports, supports, disputes, refutes")],
        ),
        ([True], [("claims[0]", "must be a claim id or an object {id, role, quote}")]),
        ([{"role": "reports"}], [("claims[0].id", "is required")]),
        (list(range(1, 22)), [("claims", "has 21 entries; the limit is 20")]),
    ],
)
def test_bad_claim_lists_name_the_bad_entry(claims, expected):
    with pytest.raises(Invalid) as error:
        check_post_fields({"body": "x", "claims": claims}, creating=True)
    assert problems(error) == expected


def test_a_claim_marked_on_a_passage_must_point_at_a_quote():
    blocks = (Text(html="<p>A resident said:</p>"), Quote(text="They took everyone"))
    fields = {"blocks": blocks, "claims": (ClaimRef(7, quote=1),)}
    post = new_post(fields, post_id=1, blog_id=1, actor="e", now=NOW)
    assert post.claims == (ClaimRef(7, quote=1),)
    with pytest.raises(Invalid) as error:
        new_post(
            {**fields, "claims": (ClaimRef(7, quote=0),)}, post_id=1, blog_id=1, actor="e", now=NOW
        )
    assert problems(error) == [
        ("claims[0].quote", "block 0 of this update is not a quote or a social post")
    ]


def test_an_update_may_carry_only_its_own_blogs_claims():
    require_claim_ids((ClaimRef(7),), {7, 8})
    with pytest.raises(Invalid) as error:
        require_claim_ids((ClaimRef(7), ClaimRef(99)), {7, 8})
    assert problems(error) == [("claims[1]", "there is no claim 99 in this blog")]
