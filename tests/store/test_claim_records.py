"""Every claim, source, claim version and correction, read and written back (export/import)."""

from __future__ import annotations

import json
from dataclasses import replace

from dateline.store.claim_records import (
    ClaimRecord,
    read_claim_record,
    relink_updates,
    write_claims,
    write_corrections,
)
from tests.store.desk import start_blog
from tests.store.valley_day import build_day


def test_the_record_survives_a_trip_through_json(clocked_database, clock):
    day = build_day(clocked_database, clock)
    record = clocked_database.run_read(read_claim_record, day.blog_id)
    assert [c.id for c in record.claims] == [day.claim_id]
    assert [r.claim.status for r in record.history] == ["unverified", "disputed", "false"]
    assert [s.name for s in record.sources] == ["Hill Radio"]
    assert [(c.kind, c.post_id) for c in record.corrections] == [
        ("correction", day.posts["u4"]),
        ("redaction", day.posts["u3"]),
    ]
    text = json.dumps(record.to_document())
    assert ClaimRecord.from_document(json.loads(text)) == record


def test_written_into_another_blog_the_record_reads_back_the_same_but_for_ids(
    clocked_database, clock
):
    day = build_day(clocked_database, clock)
    record = clocked_database.run_read(read_claim_record, day.blog_id)
    copy = start_blog(clocked_database, slug="valley-copy")
    # As an importer would: the updates written again under new ids (here, U7 as U2).
    same_posts = {post_id: post_id for post_id in day.posts.values()}
    same_posts[day.posts["u7"]] = day.posts["u2"]

    def restore(tx):
        maps = write_claims(tx, copy.id, record)
        relink_updates(tx, maps.claims, same_posts)
        write_corrections(tx, copy.id, record, same_posts)
        return maps

    maps = clocked_database.run_write(restore)
    assert maps.sources == {s.id: s.id for s in record.sources}  # reused by name
    new_id = maps.claims[day.claim_id]
    assert new_id != day.claim_id
    copied = clocked_database.run_read(read_claim_record, copy.id)

    def moved(claim):
        update = same_posts.get(claim.status_update_id, claim.status_update_id)
        return replace(claim, id=new_id, blog_id=copy.id, status_update_id=update)

    assert copied.claims[0].status_update_id == day.posts["u2"]

    assert copied.claims == [moved(c) for c in record.claims]
    assert [replace(r, claim=moved(r.claim)) for r in record.history] == copied.history
    assert copied.corrections == record.corrections  # (U3 and U4 mapped to themselves)
    assert copied.sources == record.sources
