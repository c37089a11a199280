"""Claim commands on both engines: one transaction each, a Change each, public when carried."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dateline.domain.errors import Conflict, Forbidden, Invalid
from dateline.store import claim_commands, sources
from dateline.store.changelog import changes_after
from dateline.store.claim_queries import claim_histories, claim_links_of, dossiers
from dateline.store.corrections import blog_corrections
from dateline.store.schema import claim_revisions, claims
from tests.conftest import EDITOR
from tests.store.desk import CONTRIBUTOR, SLUG, assert_record_agrees, edit, publish, start_blog


def record_claim(database, statement: str = "The dam at Orle has burst", **fields):
    return database.run_write(
        claim_commands.create_claim, SLUG, {"statement": statement, **fields}, EDITOR
    ).claim


def change(database, claim_id: int, version: int, **fields):
    return database.run_write(
        claim_commands.change_claim, SLUG, claim_id, fields, EDITOR, version=version
    )


def claim_rows(database) -> tuple[int, int]:
    def count(conn):
        return (
            conn.execute(select(func.count()).select_from(claims)).scalar_one(),
            conn.execute(select(func.count()).select_from(claim_revisions)).scalar_one(),
        )

    return database.run_read(count)


def test_a_claim_nobody_has_published_changes_only_the_desks_log(clocked_database):
    blog = start_blog(clocked_database)
    claim = record_claim(clocked_database)
    outcome = change(clocked_database, claim.id, 1, status="disputed", note="A witness disagrees")
    assert [(c.action, c.public) for c in outcome.changes] == [("claim", False)]
    public = clocked_database.run_read(changes_after, blog.id, 0)
    assert [c.action for c in public] == ["blog"]
    assert assert_record_agrees(clocked_database, blog.id) == 3


def test_once_a_published_update_carries_it_a_status_change_is_public_and_carries_the_claim(
    clocked_database,
):
    blog = start_blog(clocked_database)
    claim = record_claim(clocked_database)
    reported = publish(clocked_database, "Residents report the dam has burst.", claims=[claim.id])
    assert reported.changes[-1].claims == (claim,)  # the page's frame renders its badge
    refuting = publish(
        clocked_database,
        "Engineers say the dam holds.",
        claims=[{"id": claim.id, "role": "refutes"}],
    )
    outcome = change(
        clocked_database, claim.id, 1, status="false", note="Inspected", post_id=refuting.post.id
    )
    [claim_change] = outcome.changes
    assert (claim_change.action, claim_change.public) == ("claim", True)
    assert claim_change.claim is not None and claim_change.claim.status == "false"
    assert claim_change.claim.status_update_at == refuting.post.published_at
    replayed = clocked_database.run_read(changes_after, blog.id, 0, as_now=True)
    assert [c.action for c in replayed] == ["blog", "publish", "publish", "claim"]
    # Replayed as now: the first update's frame shows the claim as it stands now.
    assert replayed[1].claims[0].status == "false"
    links = clocked_database.run_read(claim_links_of, [claim.id])[claim.id]
    assert [(link.post_id, link.role) for link in links] == [
        (reported.post.id, "reports"),
        (refuting.post.id, "refutes"),
    ]
    assert assert_record_agrees(clocked_database, blog.id) == outcome.seq


def test_a_draft_carrying_a_claim_does_not_make_it_public(clocked_database):
    blog = start_blog(clocked_database)
    claim = record_claim(clocked_database)
    publish(clocked_database, "Draft about the dam.", status="draft", claims=[claim.id])
    assert not change(clocked_database, claim.id, 1, status="disputed").changes[0].public
    readers = clocked_database.run_read(dossiers, blog, None)
    desk = clocked_database.run_read(dossiers, blog, EDITOR)
    assert readers == [] and [d.claim.id for d in desk] == [claim.id]


def test_every_version_is_kept_as_the_claims_history(clocked_database, clock):
    start_blog(clocked_database)
    claim = record_claim(clocked_database)
    change(clocked_database, claim.id, 1, status="disputed", note="Two accounts differ")
    change(clocked_database, claim.id, 2, note="Still waiting for the engineers")
    change(clocked_database, claim.id, 3, status="confirmed", note="Seen from the air")
    history = clocked_database.run_read(claim_histories, [claim.id])[claim.id]
    assert [(r.claim.version, r.claim.status, r.claim.note) for r in history] == [
        (1, "unverified", ""),
        (2, "disputed", "Two accounts differ"),
        (3, "disputed", "Still waiting for the engineers"),
        (4, "confirmed", "Seen from the air"),
    ]
    assert [r.actor for r in history] == ["edna"] * 4
    assert history[0].created_at < history[-1].created_at


def test_a_stale_or_forbidden_or_bad_change_writes_nothing(clocked_database):
    start_blog(clocked_database)
    claim = record_claim(clocked_database)
    change(clocked_database, claim.id, 1, status="disputed")
    before = claim_rows(clocked_database)
    with pytest.raises(Conflict) as conflict:
        change(clocked_database, claim.id, 1, status="false")
    assert conflict.value.current_version == 2
    with pytest.raises(Forbidden):
        clocked_database.run_write(
            claim_commands.change_claim, SLUG, claim.id, {"status": "false"}, CONTRIBUTOR, version=2
        )
    draft = publish(clocked_database, "Not yet out", status="draft")
    with pytest.raises(Invalid) as error:
        change(clocked_database, claim.id, 2, status="false", post_id=draft.post.id)
    assert error.value.errors[0].field == "post_id"
    with pytest.raises(Invalid) as error:
        change(clocked_database, claim.id, 2, source_id=999)
    assert error.value.errors[0].field == "source_id"
    assert claim_rows(clocked_database) == before


def test_contributors_record_claims_but_only_editors_settle_them(clocked_database):
    start_blog(clocked_database)
    raw = {"statement": "Shots were heard at the depot"}
    recorded = clocked_database.run_write(claim_commands.create_claim, SLUG, raw, CONTRIBUTOR)
    assert recorded.claim.created_by == CONTRIBUTOR.name
    with pytest.raises(Forbidden):
        clocked_database.run_write(
            claim_commands.create_claim, SLUG, {**raw, "status": "confirmed"}, CONTRIBUTOR
        )


def test_an_update_can_carry_only_its_own_blogs_claims_and_links_follow_its_edits(
    clocked_database,
):
    start_blog(clocked_database)
    start_blog(clocked_database, slug="other")
    elsewhere = clocked_database.run_write(
        claim_commands.create_claim, "other", {"statement": "Elsewhere"}, EDITOR
    ).claim
    with pytest.raises(Invalid) as error:
        publish(clocked_database, "Borrowing a claim", claims=[elsewhere.id])
    assert [(e.field, e.message) for e in error.value.errors] == [
        ("claims[0]", f"there is no claim {elsewhere.id} in this blog")
    ]
    claim = record_claim(clocked_database)
    carried = publish(clocked_database, "Carrying it", claims=[claim.id])
    edit(clocked_database, carried.post.id, 1, claims=[])
    assert clocked_database.run_read(claim_links_of, [claim.id])[claim.id] == []


def test_every_declared_edit_is_recorded_and_minor_ones_are_not_listed(clocked_database):
    blog = start_blog(clocked_database)
    first = publish(clocked_database, "Forty were hurt.")
    edit(clocked_database, first.post.id, 1, body="Forty were hurt", correction={"kind": "minor"})
    edit(
        clocked_database,
        first.post.id,
        2,
        body="Fourteen were hurt.",
        correction={"note": "We misread the figure."},
    )
    listed = clocked_database.run_read(blog_corrections, blog.id)
    every = clocked_database.run_read(blog_corrections, blog.id, listed_only=False)
    assert [(c.kind, c.note, c.version) for c in listed] == [
        ("correction", "We misread the figure.", 3)
    ]
    assert [c.kind for c in every] == ["correction", "minor"]


def test_sources_are_named_once_and_edited_from_their_version(clocked_database):
    radio = clocked_database.run_write(
        sources.create_source, {"name": "Hill Radio", "kind": "media"}, EDITOR
    )
    with pytest.raises(Invalid) as error:
        clocked_database.run_write(sources.create_source, {"name": "Hill Radio"}, EDITOR)
    assert error.value.errors[0].field == "name"
    edited = clocked_database.run_write(
        sources.edit_source,
        radio.id,
        {"reliability": "Often first, sometimes wrong"},
        EDITOR,
        version=1,
    )
    assert edited.version == 2
    assert clocked_database.run_read(sources.list_sources) == [edited]
    with pytest.raises(Forbidden):
        clocked_database.run_write(sources.create_source, {"name": "X"}, CONTRIBUTOR)
